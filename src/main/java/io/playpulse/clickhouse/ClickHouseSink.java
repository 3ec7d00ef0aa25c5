package io.playpulse.clickhouse;

import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_BATCH_SIZE;
import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_DATABASE;
import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_FLUSH_INTERVAL;
import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_RETRY_BUDGET;
import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_SPARSE_FLUSH_INTERVAL;

import io.playpulse.config.PlayPulseConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a stream into a ClickHouse table over the HTTP interface, in TabSeparated batches. At least
 * once: rows are sent by batch size, by {@code clickhouse.flush-interval} ({@code
 * clickhouse.sparse-flush-interval} for a table without a row per event) and before every
 * checkpoint barrier; every table's sorting key makes a re-sent row replace itself, so what is read
 * with FINAL is exactly once. A failed insert is retried with backoff for
 * {@code clickhouse.retry-budget}, blocking the task (so the job backpressures to Kafka); after that
 * the task fails and Flink's restart strategy takes over.
 *
 * <p>The sink is serialized into the job graph, so it carries no credentials: each writer reads the
 * user and password from its own process's environment ({@link PlayPulseConfig#CLICKHOUSE_USER_ENV},
 * {@link PlayPulseConfig#CLICKHOUSE_PASSWORD_ENV}), where Kubernetes puts the Secret.
 */
public final class ClickHouseSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ClickHouseTable<T> table;
    private final String url;
    private final String database;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration retryBudget;

    private ClickHouseSink(ClickHouseTable<T> table, PlayPulseConfig config) {
        this.table = table;
        this.url = config.clickHouseUrl();
        this.database = config.get(CLICKHOUSE_DATABASE);
        this.batchSize = config.get(CLICKHOUSE_BATCH_SIZE);
        this.flushInterval = config.get(table.rowPerEvent() ? CLICKHOUSE_FLUSH_INTERVAL : CLICKHOUSE_SPARSE_FLUSH_INTERVAL);
        this.retryBudget = config.get(CLICKHOUSE_RETRY_BUDGET);
    }

    public static <T> ClickHouseSink<T> into(ClickHouseTable<T> table, PlayPulseConfig config) {
        return new ClickHouseSink<>(table, config);
    }

    Duration flushInterval() {
        return flushInterval;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Map<String, String> environment = System.getenv();
        ClickHouseInserter inserter = new ClickHouseInserter(url, PlayPulseConfig.clickHouseUser(environment),
                PlayPulseConfig.clickHousePassword(environment), table.name(), table.insertSql(database), retryBudget,
                context.metricGroup());
        return new ClickHouseWriter<>(table, inserter, batchSize, flushInterval, context.getProcessingTimeService());
    }
}
