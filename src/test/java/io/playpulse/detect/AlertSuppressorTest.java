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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertSuppressorTest {
    private static final long MIN = 60_000;
    private KeyedOneInputStreamOperatorTestHarness<String, Detection, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertSuppressor(Duration.ofMinutes(10))), Detection::dedupKey,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void fire(long userId, long atMs, int events) throws Exception {
        Detection d = new Detection();
        d.rule = MacroRules.SKILL_BURST;
        d.userId = userId;
        d.serverId = "kr-1";
        d.platform = "PC";
        d.firstEventTimeMs = atMs - 5_000;
        d.lastEventTimeMs = atMs;
        d.eventCount = events;
        d.detailsJson = "{\"events\":" + events + "}";
        harness.processElement(d, atMs);
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Test
    void theFirstFiringPagesAndLaterOnesWithinTheWindowOnlyCount() throws Exception {
        fire(7, 0, 50);
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.rule).isEqualTo(MacroRules.SKILL_BURST);
            assertThat(a.severity).isEqualTo(Severity.WARNING);
            assertThat(a.dedupKey).isEqualTo("macro_skill_burst|7");
            assertThat(a.userId).isEqualTo(7L);
            assertThat(a.eventCount).isEqualTo(50);
            assertThat(a.runbook).isNotBlank();
        });
        fire(7, 2 * MIN, 60);
        fire(7, 4 * MIN, 55);
        assertThat(alerts()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void aBotHammeringForAnHourIsOnePageAndARunningCount() throws Exception {
        for (long t = 0; t < 60 * MIN; t += 12_000) {
            fire(7, t, 50);
            harness.processWatermark(new Watermark(t));
        }
        harness.processWatermark(new Watermark(90 * MIN));
        List<Alert> alerts = alerts();
        assertThat(alerts).hasSize(7);
        assertThat(alerts).extracting(a -> a.dedupKey).containsOnly("macro_skill_burst|7");
        assertThat(alerts).extracting(a -> a.alertId).doesNotHaveDuplicates();
        assertThat(alerts.get(0).title).doesNotContain("still firing");
        assertThat(alerts.get(6).title).contains("still firing, 300 times");
        assertThat(alerts.get(6).eventCount).isEqualTo(300 * 50);
        assertThat(harness.numKeyedStateEntries()).as("episode over after a quiet window").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aQuietWindowEndsTheEpisodeAndTheNextFiringPagesAgain() throws Exception {
        fire(7, 0, 50);
        harness.processWatermark(new Watermark(10 * MIN));
        assertThat(harness.numKeyedStateEntries()).isZero();
        fire(7, 30 * MIN, 51);
        assertThat(alerts()).hasSize(2);
        assertThat(alerts().get(0).alertId).isNotEqualTo(alerts().get(1).alertId);
    }

    @Test
    void playersAreSuppressedApart() throws Exception {
        fire(7, 0, 50);
        fire(8, 1_000, 50);
        fire(7, 2_000, 50);
        assertThat(alerts()).extracting(a -> a.userId).containsExactly(7L, 8L);
    }

    @Test
    void aFiringPastTheWindowClosesItEvenBeforeTheWatermarkDoes() throws Exception {
        fire(7, 0, 50);
        fire(7, 5 * MIN, 50);
        fire(7, 11 * MIN, 50);
        assertThat(alerts()).extracting(a -> a.title.contains("still firing")).containsExactly(false, true);
    }

    @Test
    void theSameInputGivesTheSameAlertIds() throws Exception {
        fire(7, 0, 50);
        String first = alerts().get(0).alertId;
        close();
        open();
        fire(7, 0, 50);
        assertThat(alerts().get(0).alertId).isEqualTo(first);
    }
}
