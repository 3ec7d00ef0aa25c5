package io.playpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class PlayPulseConfigTest {
    @Test
    void argumentsOverrideTheFlinkConfigurationWhichOverridesDefaults() {
        Configuration flink = new Configuration();
        flink.setString("playpulse.kafka.bootstrap-servers", "kafka:9092");
        flink.setString("playpulse.checkpoint-interval", "30 s");
        PlayPulseConfig config = PlayPulseConfig.from(
                new String[] {"--checkpoint-interval", "5s", "--clickhouse.database", "ops"}, flink);
        assertThat(config.kafkaBootstrapServers).isEqualTo("kafka:9092");
        assertThat(config.checkpointInterval).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.clickHouseDatabase).isEqualTo("ops");
        assertThat(config.eventsTopic).isEqualTo("game-events");
        assertThat(config.crashErrorTypes).containsExactly("crash", "memory_leak");
    }

    @Test
    void theClickHouseRetryBudgetMustEndBeforeTheKafkaTransactionTimesOut() {
        PlayPulseConfig config = PlayPulseConfig.of(Map.of("clickhouse.url", "http://ch:8123/"));
        assertThat(config.clickHouseUrl).isEqualTo("http://ch:8123");
        assertThat(config.clickHouseRetryBudget).isEqualTo(Duration.ofMinutes(3));
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
    }

    @Test
    void withChangesOnlyWhatItIsGiven() {
        PlayPulseConfig base = PlayPulseConfig.of(Map.of("kafka.events-topic", "t1"));
        PlayPulseConfig changed = base.with(Map.of("parallelism", "3"));
        assertThat(changed.eventsTopic).isEqualTo("t1");
        assertThat(changed.parallelism).isEqualTo(3);
    }

    @Test
    void theShippedFlinkConfigurationIsReadable() throws Exception {
        Configuration flink = GlobalConfiguration.loadConfiguration("flink-conf");
        PlayPulseConfig config = PlayPulseConfig.from(new String[0], flink);
        assertThat(config.allowedLateness).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.maxEventAge).isEqualTo(Duration.ofDays(7));
        assertThat(config.kafkaTransactionTimeout).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.crashErrorTypes).containsExactly("crash", "memory_leak");
        assertThat(config.sessionIdleTimeout).isEqualTo(Duration.ofMinutes(30));
        assertThat(io.playpulse.churn.ChurnModel.read(Path.of(config.churnModel)).version()).isEqualTo("churn-v1");
        assertThat(flink.getString("state.backend.type", null)).isEqualTo("hashmap");
        assertThat(flink.getString("execution.checkpointing.mode", null)).isEqualTo("EXACTLY_ONCE");
        assertThat(Class.forName(flink.getString("metrics.reporter.prom.factory.class", null)))
                .isEqualTo(org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFlinkDeploymentSetsOnlyKnownPlayPulseKeysAndTheyParse() throws Exception {
        Map<String, Object> deployment;
        try (Reader reader = Files.newBufferedReader(Path.of("k8s", "playpulse.yaml"))) {
            deployment = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromReader(reader);
        }
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        Map<String, Object> flinkConfiguration = (Map<String, Object>) spec.get("flinkConfiguration");
        Map<String, String> playpulse = new HashMap<>();
        flinkConfiguration.forEach((k, v) -> {
            if (k.startsWith(PlayPulseOptions.PREFIX)) {
                playpulse.put(k, String.valueOf(v));
            }
        });
        List<String> known = PlayPulseOptions.all().stream().map(o -> o.key()).toList();
        assertThat(known).containsAll(playpulse.keySet());
        PlayPulseConfig config = PlayPulseConfig.of(playpulse);
        assertThat(config.parallelism).isEqualTo(4);
        // The image copies models/ to /opt/playpulse/models.
        assertThat(Path.of("models").resolve(Path.of(config.churnModel).getFileName())).exists();
        assertThat(((Map<String, Object>) spec.get("job")).get("upgradeMode")).isEqualTo("savepoint");
        assertThat(flinkConfiguration.get("state.backend.type")).isEqualTo("hashmap");
        assertThat(flinkConfiguration.get("metrics.reporter.prom.factory.class"))
                .isEqualTo(org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class.getName());
    }
}
