package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three events within ten seconds make a stretch dense enough to pass on. */
class DenseWindowGateTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long SECOND = 1_000;

    private KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new DenseWindowGate(3, Duration.ofSeconds(10)), e -> e.userId, Types.LONG);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String id, long ts) throws Exception {
        harness.processElement(TestEvents.event(id, EventType.SKILL_USE, 7, ts), ts);
    }

    private List<String> passed() {
        return harness.extractOutputValues().stream().map(e -> e.eventId).toList();
    }

    @Test
    void eventsTooFarApartNeverPassAndAreForgottenOnceTheWatermarkLeavesThemBehind() throws Exception {
        send("a", T0);
        send("b", T0 + 6 * SECOND);
        send("c", T0 + 10 * SECOND + 1);
        assertThat(passed()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(new Watermark(T0 + 40 * SECOND));
        assertThat(harness.numKeyedStateEntries()).as("kept until the clean-up grid's next step").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("one clean-up for the three events").isEqualTo(1);

        harness.processWatermark(new Watermark(T0 + DenseWindowGate.FORGET_GRID_WINDOWS * 10 * SECOND + 20 * SECOND));
        assertThat(passed()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("forgotten").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aDenseStretchPassesEachOfItsEventsOnceByTimeAndInArrivalOrderWithinATimestamp() throws Exception {
        send("b", T0);
        send("b2", T0);
        assertThat(passed()).isEmpty();

        send("a", T0 + 5 * SECOND);
        assertThat(passed()).containsExactly("b", "b2", "a");

        send("c", T0 + 10 * SECOND);
        send("b3", T0);
        assertThat(passed()).as("each joins a dense stretch: passed on arrival").containsExactly("b", "b2", "a", "c", "b3");
    }

    @Test
    void eachEventPassesAtItsOwnTimeBehindAWatermarkHeldBackByTheWindow() throws Exception {
        send("a", T0);
        send("b", T0 + SECOND);
        harness.processWatermark(new Watermark(T0 + 2 * SECOND));
        send("c", T0 + 3 * SECOND);

        List<String> output = harness.getOutput().stream().map(o -> o instanceof StreamRecord<?> r
                ? ((GameEvent) r.getValue()).eventId + "@" + (r.getTimestamp() - T0)
                : "watermark@" + (((Watermark) o).getTimestamp() - T0)).toList();
        assertThat(output).containsExactly("watermark@-8000", "a@0", "b@1000", "c@3000");
    }

    @Test
    void onlyTheStretchesAroundTheNewEventCount() throws Exception {
        send("a", T0);
        send("b", T0 + 9 * SECOND);
        send("c", T0 + 18 * SECOND);
        assertThat(passed()).as("a-b and b-c are dense enough in time but hold two each").isEmpty();
        send("d", T0 + 19 * SECOND);
        assertThat(passed()).containsExactly("b", "c", "d");
    }

    @Test
    void withAGroupAStretchCountsOnlyTheEventsOfTheNewOnesGroup() throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new DenseWindowGate(3, Duration.ofSeconds(10), e -> e.skillId), e -> e.userId, Types.LONG);
        harness.open();
        sendSkill("a1", T0, "fireball");
        sendSkill("h1", T0 + SECOND, "heal");
        sendSkill("a2", T0 + 2 * SECOND, "fireball");
        sendSkill("h2", T0 + 3 * SECOND, "heal");
        assertThat(passed()).as("four events in the window, but two of each skill").isEmpty();

        sendSkill("a3", T0 + 4 * SECOND, "fireball");
        assertThat(passed()).containsExactly("a1", "a2", "a3");
        sendSkill("h3", T0 + 20 * SECOND, "heal");
        assertThat(passed()).as("the third heal is too late for the other two").containsExactly("a1", "a2", "a3");
    }

    @Test
    void withAGroupTheEventsOfOneTimestampStillPassTogetherInTheOrderTheyCame() throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new DenseWindowGate(3, Duration.ofSeconds(10), e -> e.skillId), e -> e.userId, Types.LONG);
        harness.open();
        sendSkill("heal", T0, "heal");
        sendSkill("dash", T0, "dash");
        sendSkill("dash2", T0 + SECOND, "dash");
        sendSkill("dash3", T0 + 2 * SECOND, "dash");
        assertThat(passed()).as("the heal is not dense, but CEP takes the dash of its timestamp after it")
                .containsExactly("heal", "dash", "dash2", "dash3");
    }

    private void sendSkill(String id, long ts, String skillId) throws Exception {
        GameEvent e = TestEvents.event(id, EventType.SKILL_USE, 7, ts);
        e.skillId = skillId;
        harness.processElement(e, ts);
    }

    @Test
    void whatItStillNeedsSurvivesARestore() throws Exception {
        send("a", T0);
        send("b", T0 + 20 * SECOND);
        harness.processWatermark(new Watermark(T0 + 25 * SECOND));
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new DenseWindowGate(3, Duration.ofSeconds(10)), e -> e.userId, Types.LONG);
        harness.initializeState(snapshot);
        harness.open();

        send("c", T0 + 21 * SECOND);
        send("d", T0 + 22 * SECOND);
        assertThat(passed()).as("b, remembered across the restore, makes a stretch with c and d").containsExactly("b", "c", "d");
    }

    @Test
    void itsStateIsStillAPojoForSavepointsOfEarlierBuilds() {
        PojoTestUtils.assertSerializedAsPojo(DenseWindowGate.RecentEvents.class);
    }

    @Test
    void restoresTheStateOfBuildsThatWroteItAsAPojoOnTheHeap() throws Exception {
        restoresTheStateOfBuildsThatWroteItAsAPojo(new HashMapStateBackend());
    }

    @Test
    void restoresTheStateOfBuildsThatWroteItAsAPojoOnRocksDb() throws Exception {
        restoresTheStateOfBuildsThatWroteItAsAPojo(new EmbeddedRocksDBStateBackend());
    }

    /** Two events held as the earlier build declared them make a dense stretch with a third after the restore, and again after a second one. */
    private void restoresTheStateOfBuildsThatWroteItAsAPojo(StateBackend backend) throws Exception {
        harness.close();
        var earlier = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new EarlierRecentEvents()),
                (GameEvent e) -> e.userId, Types.LONG);
        earlier.setStateBackend(backend);
        earlier.open();
        earlier.processElement(TestEvents.event("a", EventType.SKILL_USE, 7, T0), T0);
        earlier.processElement(TestEvents.event("b", EventType.SKILL_USE, 7, T0 + SECOND), T0 + SECOND);
        var pojoSnapshot = earlier.snapshot(1, 1);
        earlier.close();

        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new DenseWindowGate(3, Duration.ofSeconds(10)), e -> e.userId, Types.LONG);
        harness.setStateBackend(backend);
        harness.initializeState(pojoSnapshot);
        harness.open();
        send("c", T0 + 2 * SECOND);
        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId + "/" + e.sessionId)
                .containsExactly("a/s-7", "b/s-7", "c/s-7");

        var compactSnapshot = harness.snapshot(2, 2);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new DenseWindowGate(3, Duration.ofSeconds(10)), e -> e.userId, Types.LONG);
        harness.setStateBackend(backend);
        harness.initializeState(compactSnapshot);
        harness.open();
        send("d", T0 + 3 * SECOND);
        assertThat(passed()).as("a, b and c passed before the restore: only d now").containsExactly("d");
    }

    /** What builds before RecentEventsSerializer kept: the same value, declared as a POJO. */
    private static final class EarlierRecentEvents extends KeyedProcessFunction<Long, GameEvent, GameEvent> {
        private transient ValueState<DenseWindowGate.RecentEvents> recent;

        @Override
        public void open(OpenContext context) {
            recent = getRuntimeContext().getState(
                    new ValueStateDescriptor<>("recent", TypeInformation.of(DenseWindowGate.RecentEvents.class)));
        }

        @Override
        public void processElement(GameEvent e, Context ctx, Collector<GameEvent> out) throws Exception {
            DenseWindowGate.RecentEvents r = recent.value() == null ? new DenseWindowGate.RecentEvents() : recent.value();
            r.insert(e);
            recent.update(r);
        }
    }
}
