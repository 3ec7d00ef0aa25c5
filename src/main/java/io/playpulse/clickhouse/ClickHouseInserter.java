package io.playpulse.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one batch as one INSERT over ClickHouse's HTTP interface and retries it, with exponential
 * backoff, until it succeeds or the retry budget is spent. Metrics: {@code clickhouseRowsWritten},
 * {@code clickhouseInsertRetries}.
 */
final class ClickHouseInserter {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseInserter.class);

    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** One insert may take this long before it counts as failed (and is retried). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** One client per JVM: it is thread-safe and keeps a connection pool and a selector thread. */
    private static final class Client {
        static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private final String table;
    private final URI uri;
    private final String authorization;
    private final long retryBudgetNanos;
    private final Counter rowsWritten;
    private final Counter retries;

    ClickHouseInserter(String baseUrl, String user, String password, String table, String insertSql,
            Duration retryBudget, MetricGroup metrics) {
        this.table = table;
        this.uri = URI.create(baseUrl + "/?query=" + URLEncoder.encode(insertSql, StandardCharsets.UTF_8));
        this.authorization = ClickHouseHttp.basicAuthorization(user, password);
        this.retryBudgetNanos = retryBudget.toNanos();
        this.rowsWritten = metrics.counter("clickhouseRowsWritten");
        this.retries = metrics.counter("clickhouseInsertRetries");
    }

    void insert(TsvRow batch) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.bytes(), 0, batch.size()))
                .build();
        long start = System.nanoTime();
        long backoffMs = FIRST_BACKOFF.toMillis();
        for (int attempt = 1; ; attempt++) {
            String failure = attempt(request);
            if (failure == null) {
                rowsWritten.inc(batch.rows());
                if (attempt > 1) {
                    LOG.info("ClickHouse insert into {} succeeded after {} attempts ({} ms)", table, attempt,
                            (System.nanoTime() - start) / 1_000_000);
                }
                return;
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed >= retryBudgetNanos) {
                throw new IOException("ClickHouse insert into " + table + " failed " + attempt
                        + " times over " + elapsed / 1_000_000 + " ms (clickhouse.retry-budget "
                        + retryBudgetNanos / 1_000_000 + " ms); last error: " + failure);
            }
            // One quick retry is routine (a keep-alive connection the server just closed); say so from the second.
            if (attempt == 2 || attempt % 10 == 0) {
                LOG.warn("ClickHouse insert into {} failed (attempt {}, {} rows), retrying with backoff for up to {} ms more: {}",
                        table, attempt, batch.rows(), (retryBudgetNanos - elapsed) / 1_000_000, failure);
            }
            retries.inc();
            Thread.sleep(Math.min(backoffMs, (retryBudgetNanos - elapsed) / 1_000_000 + 1));
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        }
    }

    /** One try: null on success, else what went wrong. */
    private static String attempt(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> response = Client.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return null;
            }
            String body = response.body().strip();
            return "HTTP " + response.statusCode() + ": " + (body.length() <= 500 ? body : body.substring(0, 500) + "...");
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }
}
