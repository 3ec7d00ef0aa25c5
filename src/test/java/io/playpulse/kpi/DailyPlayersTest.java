package io.playpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.player.ActivityFact;
import io.playpulse.player.FactKind;
import io.playpulse.player.PlayerActivity;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DailyPlayersTest {
    private static final long MIN = 60_000;
    private static final long DAY = 24 * 60 * MIN;
    private static final long D0 = 1_764_000_000_000L / DAY * DAY;

    private KeyedOneInputStreamOperatorTestHarness<String, ActivityFact, DailyPlayersRow> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DailyPlayers(Duration.ofMinutes(1))),
                f -> PlayerActivity.start(f.timestampMs, DAY) + "|" + f.platform, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void fact(long minute, boolean newPlayer, int delta) throws Exception {
        ActivityFact f = new ActivityFact();
        f.kind = FactKind.DAILY;
        f.timestampMs = minute;
        f.platform = "iOS";
        f.newPlayer = newPlayer;
        f.delta = delta;
        harness.processElement(f, minute);
    }

    private List<String> rows() {
        return harness.extractOutputValues().stream()
                .map(r -> (r.asOfMs - D0) / MIN + ":" + r.activeUsers + "/" + r.newPlayers + (r.isFinal ? " final" : ""))
                .toList();
    }

    @Test
    void emitsTheCountsAsOfEveryMinuteEndThenTheFinalRow() throws Exception {
        fact(D0 + 10 * MIN, true, 1);
        fact(D0 + 10 * MIN, false, 1);
        fact(D0 + 12 * MIN, false, 1);
        harness.processWatermark(new Watermark(D0 + 13 * MIN - 1));
        assertThat(rows()).containsExactly("11:2/1", "12:2/1", "13:3/1");

        harness.processWatermark(new Watermark(D0 + DAY - 1));
        List<String> rows = rows();
        assertThat(rows.get(rows.size() - 1)).isEqualTo("1440:3/1 final");
        assertThat(rows).hasSize(1440 - 10);
    }

    @Test
    void aLateCorrectionReEmitsTheLatestRow() throws Exception {
        fact(D0 + 10 * MIN, true, 1);
        harness.processWatermark(new Watermark(D0 + 12 * MIN - 1));
        fact(D0 + 10 * MIN, true, -1);
        fact(D0 + 10 * MIN, false, 1);
        // Each half of the move re-emits the latest row; the last one stands.
        assertThat(rows()).containsExactly("11:1/1", "12:1/1", "12:0/0", "12:1/0");
    }

    @Test
    void clearsItsStateOnceTheDayAndItsLatenessHavePassed() throws Exception {
        fact(D0 + 10 * MIN, true, 1);
        harness.processWatermark(new Watermark(D0 + DAY - 1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        fact(D0 + DAY - MIN, false, 1);
        assertThat(rows().get(rows().size() - 1)).isEqualTo("1440:2/1 final");

        harness.processWatermark(new Watermark(D0 + DAY + 2 * MIN));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
