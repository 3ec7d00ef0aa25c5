package io.playpulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.KafkaIngest;
import io.playpulse.sink.ProductionOutputs;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
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

    private static StreamGraph productionGraph(Configuration flinkConfiguration) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration);
        PlayPulseConfig config = PlayPulseConfig.from(new String[0], flinkConfiguration);
        PlayPulseJob.configure(env, config);
        PlayPulseWorkflow.define(env, config, KafkaIngest.source(config), new ProductionOutputs(config));
        return env.getStreamGraph();
    }
}
