package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.alert.Alert;
import io.playpulse.alert.Severity;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BucketRulesTest {
    private static final long MIN = 60_000;
    private static final long FIVE = 5 * MIN;
    private static final Duration LATENESS = Duration.ofMinutes(1);

    private static KeyedOneInputStreamOperatorTestHarness<String, BucketInput, Alert> harness(BucketedRule rule)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(rule), (BucketInput in) -> in.key,
                Types.STRING);
        h.open();
        return h;
    }

    private static void add(KeyedOneInputStreamOperatorTestHarness<String, BucketInput, Alert> h, String key, long ts,
            long value, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            h.processElement(BucketInput.of(key, ts, value, 1), ts);
        }
    }

    @Test
    void crashSpikeFiresAboveTheThresholdOncePerServerAndWindowWhenTheLatenessHasPassed() throws Exception {
        try (var h = harness(new CrashSpikeRule(20, LATENESS))) {
            add(h, "kr-1", 10_000, 1, 21);
            add(h, "kr-2", 10_000, 1, 20);
            h.processWatermark(new Watermark(FIVE - 1));
            assertThat(h.extractOutputValues()).as("judged only after the lateness").isEmpty();
            add(h, "kr-2", 20_000, 1, 1); // late, within the lateness: counts
            h.processWatermark(new Watermark(FIVE + MIN));
            List<Alert> alerts = h.extractOutputValues();
            assertThat(alerts).extracting(a -> a.serverId + ":" + a.eventCount).containsExactlyInAnyOrder("kr-1:21", "kr-2:21");
            assertThat(alerts).allSatisfy(a -> {
                assertThat(a.severity).isEqualTo(Severity.CRITICAL);
                assertThat(a.windowStartMs).isZero();
                assertThat(a.windowEndMs).isEqualTo(FIVE);
                assertThat(a.firstEventTimeMs).isEqualTo(10_000);
            });
            h.processWatermark(new Watermark(30 * FIVE));
            assertThat(h.numKeyedStateEntries()).as("cleared after a quiet history").isZero();
        }
    }

    @Test
    void logoutSurgeComparesWithTheTrailingAverageQuietWindowsIncluded() throws Exception {
        try (var h = harness(new LogoutSurgeRule(2.0, 10, 12, LATENESS))) {
            for (int w = 0; w < 6; w++) {
                add(h, "kr-1", w * FIVE + 1, 1, w == 3 ? 0 : 6); // window 3 is quiet: a zero in the baseline
            }
            h.processElement(BucketInput.of("kr-1", 3 * FIVE + 1, 0, 0), 3 * FIVE + 1);
            add(h, "kr-1", 6 * FIVE + 1, 1, 20); // baseline 5.0 over 6 windows: 20 > 10
            add(h, "kr-1", 7 * FIVE + 1, 1, 9);  // below the minimum of 10
            h.processWatermark(new Watermark(9 * FIVE));
            assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
                assertThat(a.windowStartMs).isEqualTo(6 * FIVE);
                assertThat(a.eventCount).isEqualTo(20);
                assertThat(a.detailsJson).contains("\"baseline_per_window\":5.0");
            });
        }
    }

    @Test
    void logoutSurgeWaitsForThreeWindowsOfHistory() throws Exception {
        try (var h = harness(new LogoutSurgeRule(2.0, 10, 12, LATENESS))) {
            add(h, "all", 1, 1, 2);
            add(h, "all", FIVE + 1, 1, 50);
            h.processWatermark(new Watermark(4 * FIVE));
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void revenueDropFiresWhenSalesFallBelowAQuarterOfTheTrailingHour() throws Exception {
        try (var h = harness(new RevenueDropRule(0.25, 5, 12, LATENESS))) {
            for (int w = 0; w < 12; w++) {
                add(h, "USD", w * FIVE + 1, 1000, 10);
            }
            add(h, "USD", 12 * FIVE + 1, 1000, 2);  // 2000 < 2500: a drop
            add(h, "KRW", 1, 5000, 1);               // too few transactions to judge
            h.processWatermark(new Watermark(14 * FIVE));
            assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
                assertThat(a.dedupKey).isEqualTo("revenue_drop|USD");
                assertThat(a.windowStartMs).isEqualTo(12 * FIVE);
                assertThat(a.title).contains("USD");
            });
        }
    }

    @Test
    void revenueDropSeesAWindowWithNoSaleAtAll() throws Exception {
        try (var h = harness(new RevenueDropRule(0.25, 5, 12, LATENESS))) {
            for (int w = 0; w < 8; w++) {
                add(h, "EUR", w * FIVE + 1, 500, 6);
            }
            h.processWatermark(new Watermark(13 * FIVE));
            // Windows 8 and 9 sell nothing; from window 10 the quiet windows pull the baseline under 5 transactions.
            assertThat(h.extractOutputValues()).extracting(a -> a.windowStartMs).containsExactly(8 * FIVE, 9 * FIVE);
        }
    }

    @Test
    void ccuFloorFiresOnTheFallNotWhileItStaysBelow() throws Exception {
        try (var h = harness(new CcuFloorRule(100, LATENESS))) {
            long[] ccu = {150, 120, 90, 80, 110, 95};
            for (int m = 0; m < ccu.length; m++) {
                h.processElement(BucketInput.of("all", m * MIN + MIN - 1, ccu[m], 0), m * MIN + MIN - 1);
            }
            h.processWatermark(new Watermark(10 * MIN));
            assertThat(h.extractOutputValues()).extracting(a -> a.windowStartMs + ":" + a.eventCount)
                    .containsExactly(2 * MIN + ":90", 5 * MIN + ":95");
        }
    }
}
