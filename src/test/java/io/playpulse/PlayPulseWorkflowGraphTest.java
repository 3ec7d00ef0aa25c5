package io.playpulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.GameEventSerializer;
import io.playpulse.events.KafkaIngest;
import io.playpulse.sink.ProductionOutputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * The production job graph, built without any service: savepoints map state to operators by uid,
 * so every operator must carry an explicit one, each its own. flink-conf turns Flink's generated
 * uids off, so a missing one also stops the job at submission.
 */
class PlayPulseWorkflowGraphTest {

    @Test
    void everyOperatorOfTheProductionGraphHasItsOwnExplicitUid() {
        StreamGraph graph = productionGraph(new Configuration());
        List<String> withoutUid = graph.getStreamNodes().stream()
                .filter(n -> n.getTransformationUID() == null)
                .map(StreamNode::getOperatorName)
                .toList();
        assertThat(withoutUid).isEmpty();
        Map<String, Long> uids = graph.getStreamNodes().stream()
                .collect(Collectors.groupingBy(StreamNode::getTransformationUID, Collectors.counting()));
        assertThat(uids).allSatisfy((uid, count) -> assertThat(count).as(uid).isEqualTo(1L));
        assertThat(uids).containsKeys("source-game-events", "deduplicate", "sink-game-events");
    }

    @Test
    void theJobGraphBuildsWithGeneratedUidsTurnedOffAsFlinkConfShipsIt() {
        Configuration shipped = GlobalConfiguration.loadConfiguration("flink-conf");
        assertThat(shipped.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
        StreamGraph graph = productionGraph(shipped);
        assertThatCode(graph::getJobGraph).doesNotThrowAnyException();
    }

    @Test
    void theJobGraphCarriesNoClickHousePasswordThoughItCarriesTheOtherSettings() throws Exception {
        String password = "password-" + UUID.randomUUID();
        String host = "host-" + UUID.randomUUID();
        PlayPulseConfig config = PlayPulseConfig.of(Map.of("clickhouse.url", "http://" + host + ":8123"),
                Map.of(PlayPulseConfig.CLICKHOUSE_PASSWORD_ENV, password));
        assertThat(config.clickHousePassword()).isEqualTo(password);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        PlayPulseJob.configure(env, config);
        PlayPulseWorkflow.define(env, config, KafkaIngest.source(config), new ProductionOutputs(config));
        // What a client ships to the cluster, and what the cluster keeps in its HA store.
        String shipped = new String(InstantiationUtil.serializeObject(env.getStreamGraph().getJobGraph()),
                StandardCharsets.ISO_8859_1);
        assertThat(shipped).as("the sinks' address is in the graph").contains(host);
        assertThat(shipped).as("the password is not").doesNotContain(password);
    }

    @Test
    void onlyGameEventsIsSentForFreshnessEveryOtherTableLessOften() {
        List<String> perEvent = new ArrayList<>();
        List<String> sparse = new ArrayList<>();
        PlayPulseConfig config = PlayPulseConfig.of(Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        PlayPulseWorkflow.define(env, config, KafkaIngest.source(config), new ProductionOutputs(config) {
            @Override
            public <T> Sink<T> table(ClickHouseTable<T> table) {
                (table.rowPerEvent() ? perEvent : sparse).add(table.name());
                return super.table(table);
            }
        });
        assertThat(perEvent).containsExactly("game_events");
        assertThat(sparse).contains("kpi_events_per_minute", "alerts", "churn_predictions", "rejected_events");
    }

    @Test
    void onlyTheShuffleToDeduplicationSendsEventsWithPlayPulsesSerializerTheStatefulOperatorsGetPojos() {
        StreamGraph graph = productionGraph(new Configuration());
        List<String> withEventSerializer = graph.getStreamNodes().stream()
                .filter(n -> Arrays.stream(n.getTypeSerializersIn()).anyMatch(GameEventSerializer.class::isInstance))
                .map(StreamNode::getTransformationUID)
                .toList();
        assertThat(withEventSerializer).containsExactly("deduplicate");
        // CEP keeps the events it is given in its state with its input's serializer: savepoints depend on it.
        List<StreamNode> cep = graph.getStreamNodes().stream()
                .filter(n -> n.getTransformationUID().startsWith("cep-macro_") || n.getTransformationUID().startsWith("cep-bot_"))
                .filter(n -> !n.getTransformationUID().startsWith("cep-hold-"))
                .toList();
        assertThat(cep).isNotEmpty().allSatisfy(n -> assertThat(n.getTypeSerializersIn()[0])
                .as(n.getTransformationUID()).isInstanceOf(PojoSerializer.class));
    }

    private static StreamGraph productionGraph(Configuration flinkConfiguration) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration);
        PlayPulseConfig config = PlayPulseConfig.from(new String[0], flinkConfiguration);
        PlayPulseJob.configure(env, config);
        PlayPulseWorkflow.define(env, config, KafkaIngest.source(config), new ProductionOutputs(config));
        return env.getStreamGraph();
    }
}
