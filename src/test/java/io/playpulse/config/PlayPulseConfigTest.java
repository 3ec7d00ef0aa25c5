package io.playpulse.config;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.config.PlayPulseOptions.CHECKPOINT_INTERVAL;
import static io.playpulse.config.PlayPulseOptions.CHURN_MODEL;
import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_DATABASE;
import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_RETRY_BUDGET;
import static io.playpulse.config.PlayPulseOptions.CRASH_ERROR_TYPES;
import static io.playpulse.config.PlayPulseOptions.EVENTS_TOPIC;
import static io.playpulse.config.PlayPulseOptions.KAFKA_BOOTSTRAP_SERVERS;
import static io.playpulse.config.PlayPulseOptions.KAFKA_TRANSACTION_TIMEOUT;
import static io.playpulse.config.PlayPulseOptions.MAX_EVENT_AGE;
import static io.playpulse.config.PlayPulseOptions.PARALLELISM;
import static io.playpulse.config.PlayPulseOptions.SESSION_IDLE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;

class PlayPulseConfigTest {
    @Test
    void argumentsOverrideTheFlinkConfigurationWhichOverridesDefaults() {
        Configuration flink = new Configuration();
        flink.setString("playpulse.kafka.bootstrap-servers", "kafka:9092");
        flink.setString("playpulse.checkpoint-interval", "30 s");
        PlayPulseConfig config = PlayPulseConfig.from(
                new String[] {"--checkpoint-interval", "5s", "--clickhouse.database", "ops"}, flink);
        assertThat(config.get(KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
        assertThat(config.get(CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.get(CLICKHOUSE_DATABASE)).isEqualTo("ops");
        assertThat(config.get(EVENTS_TOPIC)).isEqualTo("game-events");
        assertThat(config.get(CRASH_ERROR_TYPES)).containsExactly("crash", "memory_leak");
    }

    @Test
    void theClickHouseRetryBudgetMustEndBeforeTheKafkaTransactionTimesOut() {
        PlayPulseConfig config = PlayPulseConfig.of(Map.of("clickhouse.url", "http://ch:8123/"));
        assertThat(config.clickHouseUrl()).isEqualTo("http://ch:8123");
        assertThat(config.get(CLICKHOUSE_RETRY_BUDGET)).isEqualTo(Duration.ofMinutes(3));
        assertThatThrownBy(() -> PlayPulseConfig.of(Map.of("clickhouse.retry-budget", "15min")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry-budget");
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> PlayPulseConfig.of(Map.of("clickhouse.database", "x; DROP TABLE y")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlayPulseConfig.of(Map.of("parallelism", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlayPulseConfig.of(Map.of("checkpoint-interval", "20 min")))
                .hasMessageContaining("transaction-timeout");
        assertThatThrownBy(() -> PlayPulseConfig.of(Map.of("kafka.producer-max-block", "5 min")))
                .hasMessageContaining("kafka.producer-max-block");
        assertThatThrownBy(() -> PlayPulseConfig.of(Map.of("kafka.producer-max-block", "0 s")))
                .hasMessageContaining("kafka.producer-max-block");
    }

    @Test
    void withChangesOnlyWhatItIsGiven() {
        PlayPulseConfig base = PlayPulseConfig.of(Map.of("kafka.events-topic", "t1"));
        PlayPulseConfig changed = base.with(Map.of("parallelism", "3"));
        assertThat(changed.get(EVENTS_TOPIC)).isEqualTo("t1");
        assertThat(changed.get(PARALLELISM)).isEqualTo(3);
    }

    @Test
    void theShippedFlinkConfigurationIsReadable() throws Exception {
        Configuration flink = GlobalConfiguration.loadConfiguration("flink-conf");
        PlayPulseConfig config = PlayPulseConfig.from(new String[0], flink);
        assertThat(config.get(ALLOWED_LATENESS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.get(MAX_EVENT_AGE)).isEqualTo(Duration.ofDays(7));
        assertThat(config.get(KAFKA_TRANSACTION_TIMEOUT)).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.get(CRASH_ERROR_TYPES)).containsExactly("crash", "memory_leak");
        assertThat(config.get(SESSION_IDLE_TIMEOUT)).isEqualTo(Duration.ofMinutes(30));
        assertThat(io.playpulse.churn.ChurnModel.read(Path.of(config.get(CHURN_MODEL))).version()).isEqualTo("churn-v1");
        assertThat(flink.getString("state.backend.type", null)).isEqualTo("hashmap");
        assertThat(flink.getString("execution.checkpointing.mode", null)).isEqualTo("EXACTLY_ONCE");
        assertThat(Class.forName(flink.getString("metrics.reporter.prom.factory.class", null)))
                .isEqualTo(org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class);
    }

    @Test
    void theFlinkDeploymentSetsOnlyKnownPlayPulseKeysAndTheyParse() {
        Map<String, String> flinkConfiguration = ShippedManifest.flinkConfiguration();
        Map<String, String> playpulse = new HashMap<>();
        flinkConfiguration.forEach((k, v) -> {
            if (k.startsWith(PlayPulseOptions.PREFIX)) {
                playpulse.put(k, v);
            }
        });
        List<String> known = PlayPulseOptions.all().stream().map(o -> o.key()).toList();
        assertThat(known).containsAll(playpulse.keySet());
        PlayPulseConfig config = PlayPulseConfig.of(playpulse);
        assertThat(config.get(PARALLELISM)).isEqualTo(4);
        // The image copies models/ to /opt/playpulse/models.
        assertThat(Path.of("models").resolve(Path.of(config.get(CHURN_MODEL)).getFileName())).exists();
        assertThat(flinkConfiguration.get("state.backend.type")).isEqualTo("hashmap");
        assertThat(flinkConfiguration.get("metrics.reporter.prom.factory.class"))
                .isEqualTo(org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class.getName());
    }

    /** Each option is written once: its default lives in PlayPulseOptions, so a shipped file sets only what differs. */
    @Test
    void theShippedConfigurationsSetOnlyKnownOptionsAndNoneToItsDefault() throws Exception {
        assertSetsNoDefaultAndNoUnknownKey(GlobalConfiguration.loadConfiguration("flink-conf"), "flink-conf/config.yaml");
        assertSetsNoDefaultAndNoUnknownKey(Configuration.fromMap(ShippedManifest.flinkConfiguration()), "k8s/playpulse.yaml");
    }

    /** scripts/services.sh creates the topics under the names it reads from PlayPulseOptions. */
    @Test
    void theServicesScriptReadsTheTopicNamesFromTheirOptions() throws Exception {
        Process p = new ProcessBuilder("scripts/services.sh", "topics").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out.lines().toList()).containsExactly(EVENTS_TOPIC.defaultValue(),
                PlayPulseOptions.DEAD_LETTER_TOPIC.defaultValue(), PlayPulseOptions.ALERTS_TOPIC.defaultValue());
    }

    private static void assertSetsNoDefaultAndNoUnknownKey(Configuration configuration, String where) {
        List<String> known = PlayPulseOptions.all().stream().map(ConfigOption::key).toList();
        assertThat(configuration.keySet().stream().filter(k -> k.startsWith(PlayPulseOptions.PREFIX)))
                .as("%s: PlayPulse keys", where).allMatch(known::contains);
        List<String> repeated = new ArrayList<>();
        for (ConfigOption<?> option : PlayPulseOptions.all()) {
            if (configuration.contains(option) && Objects.equals(configuration.get(option), option.defaultValue())) {
                repeated.add(option.key());
            }
        }
        assertThat(repeated).as("%s: options set to their default", where).isEmpty();
    }
}
