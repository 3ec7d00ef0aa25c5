package io.playpulse;

import static io.playpulse.config.PlayPulseOptions.CHECKPOINT_INTERVAL;
import static io.playpulse.config.PlayPulseOptions.PARALLELISM;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.KafkaIngest;
import io.playpulse.sink.ProductionOutputs;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Entry point. On a cluster (Flink Kubernetes Operator) it runs from the shaded jar; started with
 * {@code java} and Flink on the classpath it runs on an embedded MiniCluster (scripts/demo.sh).
 */
public final class PlayPulseJob {
    private PlayPulseJob() {}

    /**
     * {@code --flink-conf DIR} loads DIR/config.yaml, for runs outside a cluster (the demo); on a
     * cluster the Flink configuration comes from the cluster.
     */
    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(args));
        PlayPulseConfig config = PlayPulseConfig.from(args, env.getConfiguration());
        configure(env, config);
        PlayPulseWorkflow.define(env, config, KafkaIngest.source(config), new ProductionOutputs(config));
        env.execute("PlayPulse"); // the name the dashboard looks for on Flink's REST API
    }

    /** DIR/config.yaml when the arguments name {@code --flink-conf DIR}; else an empty configuration. */
    public static Configuration flinkConfiguration(String[] args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        return params.has("flink-conf")
                ? GlobalConfiguration.loadConfiguration(params.get("flink-conf"))
                : new Configuration();
    }

    /**
     * Exactly-once checkpoints, parallelism and object reuse; state backend and restarts come from
     * the Flink configuration. Object reuse is safe here: no operator keeps a reference to an input
     * element after it returns (the ClickHouse sink encodes each element into its batch at once), and it
     * saves a reflective copy of every event between chained operators.
     */
    public static void configure(StreamExecutionEnvironment env, PlayPulseConfig config) {
        env.setParallelism(config.get(PARALLELISM));
        env.getConfig().enableObjectReuse();
        Configuration checkpointing = new Configuration();
        checkpointing.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.get(CHECKPOINT_INTERVAL));
        checkpointing.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        env.configure(checkpointing);
    }
}
