package io.playpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

class FactWindowsTest {
    private static final WindowAssigner.WindowAssignerContext CONTEXT = new WindowAssigner.WindowAssignerContext() {
        @Override
        public long getCurrentProcessingTime() {
            return 0;
        }
    };

    @Test
    void placesAFactByItsOwnTimeNotTheRecordTimestamp() {
        ActivityFact correction = new ActivityFact();
        correction.timestampMs = 5 * 60_000 - 1;
        assertThat(FactWindows.of(Duration.ofMinutes(1)).assignWindows(correction, 42 * 60_000, CONTEXT))
                .containsExactly(new TimeWindow(4 * 60_000, 5 * 60_000));
        assertThat(FactWindows.of(Duration.ofMinutes(10)).assignWindows(correction, 0, CONTEXT))
                .containsExactly(new TimeWindow(0, 10 * 60_000));
    }
}
