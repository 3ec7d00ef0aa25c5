package io.playpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import java.util.Arrays;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The local half of server health: one partial per server and minute, sent before the watermark and every barrier. */
class ServerHealthPartialsTest {
    private static final long MIN = 60_000;

    private static GameEvent event(String server, long ts, EventType type, Double responseMs) {
        GameEvent e = TestEvents.event("e" + ts, type, 1, ts);
        e.serverId = server;
        e.responseTimeMs = responseMs;
        return e;
    }

    private static String describe(ServerHealthPartial p) {
        return p.serverId + "@" + p.minuteStartMs + " " + p.events + "/" + p.errors + " "
                + Arrays.toString(p.buckets) + "x" + Arrays.toString(p.bucketCounts);
    }

    @Test
    void addsEventsUpPerServerAndMinuteUntilTheWatermark() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new ServerHealthPartials())) {
            h.open();
            h.processElement(event("kr-1", 10, EventType.SKILL_USE, 99.2), 10);
            h.processElement(event("kr-1", 20, EventType.ERROR_OCCURRED, 100.0), 20);
            h.processElement(event("kr-1", 30, EventType.QUEST_COMPLETE, null), 30);
            h.processElement(event("kr-2", 40, EventType.SKILL_USE, 5.0), 40);
            h.processElement(event("kr-1", MIN + 1, EventType.SKILL_USE, 5.0), MIN + 1);
            assertThat(h.getOutput()).as("nothing leaves before the watermark").isEmpty();

            h.processWatermark(new Watermark(MIN - 1));
            assertThat(h.extractOutputValues()).extracting(ServerHealthPartialsTest::describe).containsExactly(
                    "kr-1@0 3/1 [100]x[2]", "kr-2@0 1/0 [5]x[1]", "kr-1@" + MIN + " 1/0 [5]x[1]");
            assertThat(h.extractOutputStreamRecords()).extracting(r -> r.getTimestamp())
                    .as("stamped with their minute's last millisecond").containsExactly(MIN - 1, MIN - 1, 2 * MIN - 1);
            assertThat(h.getOutput()).last().isEqualTo(new Watermark(MIN - 1));

            h.getOutput().clear();
            h.processWatermark(new Watermark(MIN));
            assertThat(h.extractOutputValues()).as("sent partials are not sent again").isEmpty();
        }
    }

    @Test
    void sendsEverythingBeforeACheckpointBarrierAndKeepsNoState() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new ServerHealthPartials())) {
            h.open();
            h.processElement(event("kr-1", 10, EventType.SKILL_USE, 12.0), 10);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).extracting(ServerHealthPartialsTest::describe)
                    .containsExactly("kr-1@0 1/0 [12]x[1]");
            assertThat(h.snapshot(1, 1).getManagedOperatorState()).isEmpty();
        }
    }
}
