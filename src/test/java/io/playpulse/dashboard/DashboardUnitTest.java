package io.playpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardUnitTest {

    @Test
    void everyPanelQueryReadsTheJobsTablesNotTheRawEvents() {
        Map<String, String> queries = PanelReader.load(Path.of("sql", PanelReader.DIR));
        assertThat(queries).containsOnlyKeys("alerts", "churn_risk", "churn_top", "daily_players", "minutes",
                "revenue_today", "server_ccu", "server_health");
        queries.forEach((name, sql) -> {
            assertThat(sql).as(name).doesNotContain("game_events");
            assertThat(sql).as("%s reads as of the dashboard's clock", name).containsAnyOf("{now}", "{today}");
        });
    }

    @Test
    void aPanelIsStaleWhenItsNewestFigureIsOlderThanTheLimitOrMissing() {
        assertThat(Panel.checked("x", 1000L, 900, "minute").stale()).isFalse();
        Panel<String> old = Panel.checked("x", 800L, 900, "closed minute");
        assertThat(old.stale()).isTrue();
        assertThat(old.note()).isEqualTo("no new closed minute since then");
        assertThat(Panel.checked("x", null, 900, "closed minute").note()).isEqualTo("no closed minute yet");
    }

    @Test
    void aPanelThatCannotBeReadKeepsItsLastFiguresMarkedStale() {
        Panel<String> kept = Panel.unrefreshed(Panel.fresh("figures", 1000L), "ClickHouse: connection refused");
        assertThat(kept).isEqualTo(new Panel<>("figures", 1000L, true, "ClickHouse: connection refused"));
        assertThat(Panel.unrefreshed(null, "down")).isEqualTo(new Panel<>(null, null, true, "down"));
    }

    @Test
    void theOnlyValuesPutIntoAQueryAreTheClocksInUtc() {
        long now = 1_795_996_860L; // 2026-11-30 00:01:00 UTC
        assertThat(PanelReader.bind("WHERE minute > {now} - 60 AND minute >= {day_start} AND day = {today}", now))
                .isEqualTo("WHERE minute > toDateTime(1795996860) - 60 AND minute >= toDateTime(1795996800)"
                        + " AND day = toDate('2026-11-30')");
    }

    @Test
    void moneyHasItsCurrencysMinorUnitDigits() {
        assertThat(PanelReader.minorDigits("KRW")).isZero();
        assertThat(PanelReader.minorDigits("USD")).isEqualTo(2);
        assertThat(PanelReader.minorDigits("IQD")).isEqualTo(3);
        assertThat(PanelReader.minorDigits("GEM")).as("not a currency Java knows").isZero();
    }

    @Test
    void theFlinkAddressMustBeHttp() {
        assertThatThrownBy(() -> DashboardSettings.from(new String[] {"--flink.rest", "localhost:8081"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--flink.rest");
    }

    @Test
    void settingsBindToLoopbackAndNeverPrintThePassword() {
        DashboardSettings settings = DashboardSettings.from(new String[] {"--port", "8088"},
                Map.of("CLICKHOUSE_READER_PASSWORD", "s3cret"));
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8088);
        assertThat(settings.clickHouseUser()).isEqualTo("playpulse_reader");
        assertThat(settings.clickHousePassword()).isEqualTo("s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }
}
