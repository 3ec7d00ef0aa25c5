package io.playpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.FactKind;
import io.playpulse.player.FirstIn;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The local half of the KPI aggregation: what it holds, and that it lets go before every watermark and barrier. */
class PreAggregateTest {
    private static ActivityFact fact(long ts, String platform, EventType type, int firstIn) {
        ActivityFact f = new ActivityFact();
        f.kind = FactKind.EVENT;
        f.timestampMs = ts;
        f.eventType = type;
        f.platform = platform;
        f.firstIn = firstIn;
        f.delta = 1;
        return f;
    }

    private static OneInputStreamOperatorTestHarness<ActivityFact, Tuple2<String, ActiveUsersHour>> harness()
            throws Exception {
        PreAggregate<ActiveUsersHour> operator = new PreAggregate<>(f -> f.eventType != EventType.ERROR_OCCURRED,
                f -> f.platform, Duration.ofHours(1), ActiveUsersHour::new);
        OneInputStreamOperatorTestHarness<ActivityFact, Tuple2<String, ActiveUsersHour>> harness =
                new OneInputStreamOperatorTestHarness<>(operator);
        harness.open();
        return harness;
    }

    /** Emitted records and watermarks in order, as "key@windowStart:users (timestamp)" and "W timestamp". */
    private static List<String> emitted(OneInputStreamOperatorTestHarness<?, Tuple2<String, ActiveUsersHour>> h) {
        return h.getOutput().stream().map(o -> {
            if (o instanceof Watermark w) {
                return "W " + w.getTimestamp();
            }
            if (o instanceof WatermarkStatus s) {
                return s.isIdle() ? "IDLE" : "ACTIVE";
            }
            @SuppressWarnings("unchecked")
            StreamRecord<Tuple2<String, ActiveUsersHour>> r = (StreamRecord<Tuple2<String, ActiveUsersHour>>) o;
            return r.getValue().f0 + "@" + r.getValue().f1.windowStartMs + ":" + r.getValue().f1.users + " ("
                    + r.getTimestamp() + ")";
        }).collect(Collectors.toList());
    }

    private static final long HOUR = 3_600_000;

    @Test
    void holdsPartialsPerWindowAndKeyAndSendsThemBeforeTheWatermark() throws Exception {
        try (var h = harness()) {
            h.processElement(fact(10, "PC", EventType.USER_LOGIN, FirstIn.HOUR), 10);
            h.processElement(fact(20, "PC", EventType.SKILL_USE, FirstIn.HOUR), 20);
            h.processElement(fact(30, "MOBILE", EventType.SKILL_USE, FirstIn.HOUR), 30);
            h.processElement(fact(HOUR + 5, "PC", EventType.SKILL_USE, FirstIn.HOUR), HOUR + 5);
            h.processElement(fact(40, "PC", EventType.ERROR_OCCURRED, FirstIn.HOUR), 40);
            h.processElement(fact(50, "PC", EventType.SKILL_USE, 0), 50);
            assertThat(h.getOutput()).as("nothing leaves before the watermark").isEmpty();

            h.processWatermark(new Watermark(HOUR - 1));
            assertThat(emitted(h)).containsExactly("PC@0:2 (" + (HOUR - 1) + ")", "MOBILE@0:1 (" + (HOUR - 1) + ")",
                    "PC@" + HOUR + ":1 (" + (2 * HOUR - 1) + ")", "W " + (HOUR - 1));

            h.getOutput().clear();
            h.processWatermark(new Watermark(HOUR));
            assertThat(emitted(h)).as("sent partials are not sent again").containsExactly("W " + HOUR);
        }
    }

    @Test
    void sendsEverythingBeforeACheckpointBarrierAndKeepsNoState() throws Exception {
        try (var h = harness()) {
            h.processElement(fact(10, "PC", EventType.USER_LOGIN, FirstIn.HOUR), 10);
            h.prepareSnapshotPreBarrier(1);
            assertThat(emitted(h)).containsExactly("PC@0:1 (" + (HOUR - 1) + ")");
            assertThat(h.snapshot(1, 1).getManagedOperatorState()).isEmpty();
        }
    }

    @Test
    void sendsEverythingBeforeGoingIdleAndWhenFinishing() throws Exception {
        try (var h = harness()) {
            h.processElement(fact(10, "PC", EventType.USER_LOGIN, FirstIn.HOUR), 10);
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processElement(fact(20, "MOBILE", EventType.USER_LOGIN, FirstIn.HOUR), 20);
            h.getOneInputOperator().finish();
            assertThat(emitted(h)).containsExactly("PC@0:1 (" + (HOUR - 1) + ")", "IDLE",
                    "MOBILE@0:1 (" + (HOUR - 1) + ")");
        }
    }
}
