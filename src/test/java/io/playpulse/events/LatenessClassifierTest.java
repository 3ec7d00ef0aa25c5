package io.playpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatenessClassifierTest {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration LATENESS = Duration.ofSeconds(60);

    private static OneInputStreamOperatorTestHarness<IngestedRecord, IngestedRecord> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new LatenessClassifier(BOUND, LATENESS)));
    }

    private static IngestedRecord at(String id, long ts, int partition) {
        return IngestedRecord.valid(TestEvents.event(id, EventType.SKILL_USE, 1, ts), "game-events", partition);
    }

    private static List<String> lateIds(OneInputStreamOperatorTestHarness<IngestedRecord, IngestedRecord> h) {
        return h.extractOutputValues().stream().filter(r -> r.event != null && r.event.late).map(r -> r.event.eventId)
                .toList();
    }

    @Test
    void flagsOnlyEventsMoreThanTheLatenessBehindTheirPartitionsWatermark() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(at("head", 100_000, 0), 100_000);
            // Watermark of partition 0 is 95 s; lateness reaches back to 35 s.
            h.processElement(at("ooo", 97_000, 0), 97_000);
            h.processElement(at("within", 35_000, 0), 35_000);
            h.processElement(at("beyond", 34_999, 0), 34_999);
            // Another partition has its own, lower mark: the same timestamp is on time there.
            h.processElement(at("other-partition", 34_999, 1), 34_999);

            assertThat(lateIds(h)).containsExactly("beyond");
            assertThat(h.extractOutputValues()).hasSize(5);
        }
    }

    @Test
    void passesRejectedRecordsThrough() throws Exception {
        try (var h = harness()) {
            h.open();
            RejectedRecord r = new RejectedRecord();
            r.reason = RejectReason.NOT_JSON;
            r.sourceTopic = "game-events";
            h.processElement(IngestedRecord.rejected(r), Long.MIN_VALUE);
            assertThat(h.extractOutputValues()).singleElement().satisfies(out -> {
                assertThat(out.event).isNull();
                assertThat(out.rejected.reason).isEqualTo(RejectReason.NOT_JSON);
            });
        }
    }

    @Test
    void decidesTheSameAfterARestoreAsBeforeIt() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(at("head", 100_000, 0), 100_000);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(at("beyond", 30_000, 0), 30_000);
            restored.processElement(at("fine", 30_000, 3), 30_000);
            assertThat(lateIds(restored)).containsExactly("beyond");
        }
    }
}
