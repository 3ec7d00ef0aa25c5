package io.playpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private static final Duration HORIZON = Duration.ofMinutes(10);
    private static final long H = HORIZON.toMillis();
    private static final long MIN = 60_000;

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

    private void send(String id, long player) throws Exception {
        harness.processElement(TestEvents.event(id, EventType.SKILL_USE, player, 1000), 1000);
    }

    @Test
    void passesTheFirstCopyAndDropsRetries() throws Exception {
        send("a", 1);
        send("b", 1);
        send("a", 1);
        send("a", 1);
        send("a", 2);

        assertThat(harness.extractOutputValues()).extracting(e -> e.userId + "/" + e.eventId)
                .as("a retry is the same id from the same player").containsExactly("1/a", "1/b", "2/a");
        assertThat(harness.numProcessingTimeTimers()).as("one sweep per player").isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void forgetsAnEventOnceTheHorizonHasPassedAndSweepsItsIdsAway() throws Exception {
        harness.setProcessingTime(0);
        send("a", 1);
        harness.setProcessingTime(H - 1);
        send("a", 1);
        assertThat(harness.extractOutputValues()).hasSize(1);

        harness.setProcessingTime(H);
        send("a", 1);
        assertThat(harness.extractOutputValues()).as("past the horizon it counts as new").hasSize(2);
        send("b", 1);

        harness.setProcessingTime(H + MIN);
        assertThat(harness.numProcessingTimeTimers()).as("one sweep pending, for the fresh ids").isEqualTo(1);
        send("a", 1);
        assertThat(harness.extractOutputValues()).as("the sweep kept the fresh ids").hasSize(3);

        harness.setProcessingTime(2 * H + MIN);
        assertThat(harness.numKeyedStateEntries()).as("every id swept, and the sweep's own state").isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        send("a", 1);
        assertThat(harness.extractOutputValues()).hasSize(4);
    }

    @Test
    void remembersWhatItSawAcrossARestore() throws Exception {
        send("a", 1);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send("a", 1);
        send("c", 1);

        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).containsExactly("c");
    }

    @Test
    void idsRememberedByTheBuildBeforeTheOneValueStayRememberedWithTheirTimes() throws Exception {
        OperatorSubtaskState savepoint;
        try (var earlier = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent>(
                new KeyedProcessOperator<>(new EarlierMapDeduplicator()), e -> e.userId, Types.LONG)) {
            earlier.open();
            earlier.setProcessingTime(0);
            earlier.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);
            earlier.processElement(TestEvents.event("x", EventType.SKILL_USE, 2, 1000), 1000);
            earlier.setProcessingTime(MIN);
            earlier.processElement(TestEvents.event("b", EventType.SKILL_USE, 1, 1000), 1000);
            savepoint = earlier.snapshot(1, 1);
        }
        harness.close();
        harness = newHarness();
        harness.initializeState(savepoint);
        harness.open();
        harness.setProcessingTime(2 * MIN);

        send("a", 1);
        send("c", 1);
        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).as("the retry of a is dropped")
                .containsExactly("c");
        assertThat(harness.numProcessingTimeTimers()).as("the earlier build's sweeps, nothing more").isEqualTo(2);

        harness.setProcessingTime(H);
        assertThat(harness.numKeyedStateEntries()).as("player 2's ids moved at its sweep, and expired").isEqualTo(1);
        send("a", 1);
        send("b", 1);
        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId)
                .as("a was first seen at 0, so it expired at the horizon; b at a minute, so it had not")
                .containsExactly("c", "a");
    }

    /** What the builds from 49ba03e did: ids in a map with their first-seen times, the sweep time apart. */
    private static final class EarlierMapDeduplicator extends KeyedProcessFunction<Long, GameEvent, GameEvent> {
        private transient MapState<String, Long> firstSeen;
        private transient ValueState<Long> sweepAt;

        @Override
        public void open(OpenContext context) {
            firstSeen = getRuntimeContext().getMapState(
                    new MapStateDescriptor<>("first-seen-event-ids", Types.STRING, Types.LONG));
            sweepAt = getRuntimeContext().getState(new ValueStateDescriptor<>("sweep-at", Types.LONG));
        }

        @Override
        public void processElement(GameEvent e, Context ctx, Collector<GameEvent> out) throws Exception {
            long now = ctx.timerService().currentProcessingTime();
            if (sweepAt.value() == null) {
                ctx.timerService().registerProcessingTimeTimer(now + H);
                sweepAt.update(now + H);
            }
            firstSeen.put(e.eventId, now);
        }
    }
}
