package io.playpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
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
    void idsRememberedByTheBuildBeforeTheSweepStayRemembered() throws Exception {
        OperatorSubtaskState savepoint;
        try (var earlier = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent>(
                new KeyedProcessOperator<>(new EarlierTtlDeduplicator()), e -> e.userId, Types.LONG)) {
            earlier.open();
            earlier.processElement(TestEvents.event("a", EventType.SKILL_USE, 1, 1000), 1000);
            savepoint = earlier.snapshot(1, 1);
        }
        harness.close();
        harness = newHarness();
        harness.initializeState(savepoint);
        harness.open();
        harness.setProcessingTime(0);

        send("a", 1);
        send("b", 1);
        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).as("the retry of a is dropped")
                .containsExactly("b");

        harness.setProcessingTime(2 * H);
        assertThat(harness.numKeyedStateEntries()).as("the earlier build's ids moved, then swept").isZero();
    }

    /** What the build before the sweep did: ids in a TTL'd map, declared as it was. */
    private static final class EarlierTtlDeduplicator extends KeyedProcessFunction<Long, GameEvent, GameEvent> {
        private transient MapState<String, Boolean> seen;

        @Override
        public void open(OpenContext context) {
            MapStateDescriptor<String, Boolean> descriptor =
                    new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(HORIZON)
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build());
            seen = getRuntimeContext().getMapState(descriptor);
        }

        @Override
        public void processElement(GameEvent e, Context ctx, Collector<GameEvent> out) throws Exception {
            seen.put(e.eventId, Boolean.TRUE);
        }
    }
}
