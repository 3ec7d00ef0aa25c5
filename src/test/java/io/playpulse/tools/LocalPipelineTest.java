package io.playpulse.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;

class LocalPipelineTest {
    /** The bench checkpoints as flink-conf ships: each option it takes from there is set there, under the key Flink reads. */
    @Test
    void takesEachShippedCheckpointingOptionFromFlinkConf() {
        Configuration shipped = GlobalConfiguration.loadConfiguration("flink-conf");

        for (ConfigOption<?> option : LocalPipeline.SHIPPED_CHECKPOINTING) {
            assertThat(shipped.contains(option)).as(option.key()).isTrue();
        }
    }
}
