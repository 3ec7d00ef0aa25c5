package io.playpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

class PartialWindowsTest {
    private static final WindowAssigner.WindowAssignerContext CONTEXT = new WindowAssigner.WindowAssignerContext() {
        @Override
        public long getCurrentProcessingTime() {
            return 0;
        }
    };

    @Test
    void placesAPartialByItsOwnWindowNotTheRecordTimestamp() {
        MinuteRollup correction = new MinuteRollup();
        correction.windowStartMs = 4 * 60_000;
        assertThat(PartialWindows.of(Duration.ofMinutes(1)).assignWindows(Tuple2.of("PC", correction), 42 * 60_000,
                CONTEXT)).containsExactly(new TimeWindow(4 * 60_000, 5 * 60_000));
    }
}
