package io.playpulse.it;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.config.PlayPulseOptions.OUT_OF_ORDERNESS;
import static io.playpulse.it.LiveServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.alert.CountAlerts;
import io.playpulse.alert.Rules;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.RejectRouter;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.SimulationSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty simulated minutes through the production job with Flink's Prometheus reporter on, as
 * flink-conf ships it: every PlayPulse counter a scrape shows equals what the input implies (events
 * in, late events, dead letters per reason) or what the job wrote (alerts per rule, rows written).
 */
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A sample line: name{labels} value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path checkpoints;

    @Test
    void theCountersAPrometheusScrapeShowsEqualWhatTheInputImplies() throws Exception {
        String name = unique("metrics");
        LiveServices.createTopics(Map.of(name + "-events", 4, name + "-dlq", 1, name + "-alerts", 1));
        ClickHouseHttp ch = LiveServices.freshDatabase("it_metrics");
        Map<String, String> settings = LiveServices.jobSettings(name, ch);
        settings.put("checkpoint-interval", "2 s");
        PlayPulseConfig config = PlayPulseConfig.of(settings);

        long end = System.currentTimeMillis();
        long start = end - Duration.ofMinutes(20).toMillis();
        SimulationSettings simulation = SimulationSettings.defaults().withSeed(21L).withStartMs(start)
                .withEventsPerSecond(25).withMalformedRatio(0.01).withIncidentsFrom(start);
        List<GeneratedRecord> records = GeneratedInput.simulate(simulation, end);

        int port = LiveServices.freePort();
        Configuration reporter = new Configuration();
        reporter.setString("metrics.reporter.prom.factory.class",
                org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class.getName());
        reporter.setString("metrics.reporter.prom.port", String.valueOf(port));
        URI scrape = URI.create("http://127.0.0.1:" + port + "/metrics");
        try (JobRunner runner = new JobRunner(2, "hashmap", checkpoints, reporter)) {
            runner.start(config);
            GeneratedInput input = GeneratedInput.send(name + "-events", records, 0).get(2, TimeUnit.MINUTES);
            int events = input.distinctValidEvents().size();
            JobRunner.await("every event and dead letter stored", Duration.ofMinutes(3), () -> count(ch,
                    "SELECT count() FROM game_events FINAL") == events
                    && count(ch, "SELECT count() FROM rejected_events") == input.malformed().size());
            JobRunner.await("every record counted in", Duration.ofMinutes(1),
                    () -> sum(scrape, RejectRouter.EVENTS_IN, l -> true) == input.size());

            Map<String, Long> deadLetters = new HashMap<>();
            input.malformed().forEach(s -> deadLetters.merge(s.record().expectedReason().name(), 1L, Long::sum));
            assertThat(deadLetters).isNotEmpty();
            deadLetters.forEach((reason, expected) -> assertThat(
                    sum(scrape, RejectRouter.DEAD_LETTERS, l -> reason.equals(l.get(RejectRouter.REASON)))).as(reason).isEqualTo(expected));
            assertThat(sum(scrape, RejectRouter.DEAD_LETTERS, l -> true)).isEqualTo(input.malformed().size());

            assertThat(sum(scrape, "lateEvents", l -> true))
                    .isEqualTo(input.lateRecords(config.get(OUT_OF_ORDERNESS), config.get(ALLOWED_LATENESS)));

            // The counters move when an alert passes and when ClickHouse acknowledges a batch; the
            // tables may be a flush behind, so both are compared until they agree.
            JobRunner.await("alerts per rule counted as the alerts table holds them", Duration.ofSeconds(30),
                    () -> alertsByRule(ch).equals(countedAlertsByRule(scrape)));
            assertThat(alertsByRule(ch)).as("the simulated incidents fire alerts").isNotEmpty();
            // Label values are sanitized: "game-events-table: Writer" becomes game_events_table__Writer.
            JobRunner.await("game_events rows counted as written", Duration.ofSeconds(30),
                    () -> sum(scrape, "clickhouseRowsWritten",
                            l -> l.getOrDefault("operator_name", "").startsWith("game_events_table")) == events);
            assertThat(sum(scrape, "clickhouseInsertRetries", l -> true)).isZero();
        } finally {
            LiveServices.dropDatabase(ch);
        }
    }

    private static Map<String, Long> alertsByRule(ClickHouseHttp ch) {
        Map<String, Long> byRule = new HashMap<>();
        try {
            ch.query("SELECT rule, count() AS n FROM alerts FINAL GROUP BY rule")
                    .forEach(r -> byRule.put(r.get("rule"), Long.parseLong(r.get("n"))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return byRule;
    }

    /** The rules whose alerts counter is above 0, with its value. */
    private static Map<String, Long> countedAlertsByRule(URI scrape) {
        Map<String, Long> byRule = new HashMap<>();
        for (String rule : Rules.all().keySet()) {
            long counted = sum(scrape, CountAlerts.ALERTS, l -> rule.equals(l.get(CountAlerts.RULE)));
            if (counted > 0) {
                byRule.put(rule, counted);
            }
        }
        return byRule;
    }

    /** The sum over every series of the counter {@code name} whose labels pass {@code labels}. */
    private static long sum(URI scrape, String name, Predicate<Map<String, String>> labels) {
        String body;
        try {
            body = HTTP.send(HttpRequest.newBuilder(scrape).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("no scrape at " + scrape, e);
        }
        double total = 0;
        for (String line : body.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !sample.group(1).endsWith("_" + name)) {
                continue;
            }
            Map<String, String> values = new HashMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                values.put(label.group(1), label.group(2));
            }
            if (labels.test(values)) {
                total += Double.parseDouble(sample.group(3));
            }
        }
        return Math.round(total);
    }

    private static long count(ClickHouseHttp ch, String sql) {
        try {
            return ch.count(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
