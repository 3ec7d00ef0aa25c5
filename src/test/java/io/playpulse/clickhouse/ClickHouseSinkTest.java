package io.playpulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.config.PlayPulseConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseSinkTest {
    private static final PlayPulseConfig CONFIG = PlayPulseConfig.of(Map.of(
            "clickhouse.flush-interval", "300 ms",
            "clickhouse.sparse-flush-interval", "7 s"));

    private static ClickHouseTable<Long> table(boolean rowPerEvent) {
        ClickHouseTable.Builder<Long> builder = ClickHouseTable.<Long>named("t").int64("n", n -> n);
        return (rowPerEvent ? builder.rowPerEvent() : builder).versioned();
    }

    @Test
    void aTableWithARowPerEventIsSentForFreshnessTheOthersForFewerParts() {
        assertThat(ClickHouseSink.into(table(true), CONFIG).flushInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(ClickHouseSink.into(table(false), CONFIG).flushInterval()).isEqualTo(Duration.ofSeconds(7));
    }
}
