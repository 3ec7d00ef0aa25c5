package io.playpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private static final Duration HORIZON = Duration.ofMinutes(10);

    private KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent> harness;

    private static KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Deduplicator(HORIZON)), e -> e.userId, Types.LONG);
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void passesTheFirstCopyAndDropsRetries() throws Exception {
        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);
        harness.processElement(TestEvents.event("b", EventType.SKILL_USE, 1, 1001), 1001);
        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);
        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);

        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 2, 1000), 1000);

        assertThat(harness.extractOutputValues()).extracting(e -> e.userId + "/" + e.eventId)
                .as("a retry is the same id from the same player").containsExactly("1/a", "1/b", "2/a");
        assertThat(harness.numKeyedStateEntries()).as("one id set per player").isEqualTo(2);
        assertThat(harness.numEventTimeTimers() + harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void forgetsAnEventOnceTheHorizonHasPassed() throws Exception {
        harness.setStateTtlProcessingTime(0);
        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);

        harness.setStateTtlProcessingTime(HORIZON.toMillis() - 1);
        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);
        assertThat(harness.extractOutputValues()).hasSize(1);

        harness.setStateTtlProcessingTime(HORIZON.toMillis() + 1);
        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);
        assertThat(harness.extractOutputValues()).as("past the horizon it counts as new").hasSize(2);
    }

    @Test
    void remembersWhatItSawAcrossARestore() throws Exception {
        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);
        harness.processElement(TestEvents.event("c", EventType.SKILL_USE, 1, 1000), 1000);

        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).containsExactly("c");
    }
}
