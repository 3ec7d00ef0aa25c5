package io.playpulse;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.KafkaIngest;
import io.playpulse.sink.ProductionOutputs;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point. On a cluster (Flink Kubernetes Operator) it runs from the shaded jar; started with
 * {@code java} and Flink on the classpath it runs on an embedded MiniCluster (scripts/demo.sh).
 */
public final class PlayPulseJob {
    private PlayPulseJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PlayPulseConfig config = PlayPulseConfig.from(args, env.getConfiguration());
        configure(env, config);
        PlayPulseWorkflow.define(env, config, KafkaIngest.source(config), new ProductionOutputs(config));
        env.execute("PlayPulse");
    }

    /**
     * Exactly-once checkpoints, parallelism and object reuse; state backend and restarts come from
     * the Flink configuration. Object reuse is safe here: no operator keeps a reference to an input
     * element after it returns (the JDBC sink, which buffers, copies when reuse is on), and it
     * saves a reflective copy of every event between chained operators.
     */
    public static void configure(StreamExecutionEnvironment env, PlayPulseConfig config) {
        env.setParallelism(config.parallelism);
        env.getConfig().enableObjectReuse();
        Configuration checkpointing = new Configuration();
        checkpointing.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval);
        checkpointing.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        env.configure(checkpointing);
    }
}
