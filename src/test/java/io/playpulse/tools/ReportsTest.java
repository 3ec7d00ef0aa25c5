package io.playpulse.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {
    private static final Path SQL = Path.of("sql");
    private static final Instant NOW = Instant.parse("2026-11-29T15:30:00Z");

    @Test
    void everyReportSaysWhatItAnswersAndLeavesNoPlaceholderUnfilled() throws Exception {
        assertThat(Reports.names(SQL)).contains("balance_report", "retention", "slow_servers", "ab_test");
        for (String name : Reports.names(SQL)) {
            assertThat(Reports.summary(SQL, name)).as(name).isNotBlank().doesNotStartWith("--");
            assertThat(Reports.defaultDays(SQL, name)).as(name).isPositive();
            String sql = Reports.sql(SQL, name, Reports.range(null, null, 1, NOW), Map.of("USD", 1.0, "KRW", 0.075));
            assertThat(sql).as(name).doesNotContain("{", "}", "--").startsWith(sql.strip());
        }
    }

    @Test
    void theRangeIsTwoNumbersParsedHere() throws Exception {
        String sql = Reports.sql(SQL, "revenue_hourly",
                Reports.range("2026-11-01", "2026-11-02T06:00", 1, NOW), Map.of());
        assertThat(sql).contains("toDateTime(1793491200)", "toDateTime(1793599200)");
    }

    @Test
    void withoutBoundsAReportCoversItsDefaultDaysUpToTheEndOfToday() {
        assertThat(Reports.range(null, null, 7, NOW)).isEqualTo(new Reports.Range(
                Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z")));
        assertThat(Reports.range(null, "2026-11-10", 1, NOW).from()).isEqualTo(Instant.parse("2026-11-09T00:00:00Z"));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> Reports.range("yesterday", null, 1, NOW))
                .hasMessageContaining("--from takes 2026-11-01");
        assertThatThrownBy(() -> Reports.range("2026-11-02", "2026-11-01", 1, NOW))
                .hasMessageContaining("must be before");
        assertThatThrownBy(() -> Reports.sql(SQL, "../schema/001_game_events", Reports.range(null, null, 1, NOW), Map.of()))
                .hasMessageContaining("not a report name");
        assertThatThrownBy(() -> Reports.sql(SQL, "no_such_report", Reports.range(null, null, 1, NOW), Map.of()))
                .hasMessageContaining("no report no_such_report");
        assertThatThrownBy(() -> Reports.sql(SQL, "ab_test", Reports.range(null, null, 1, NOW), Map.of("US'D", 1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
