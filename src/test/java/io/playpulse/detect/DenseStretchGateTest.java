package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.RandomEvents;
import io.playpulse.events.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three skills within ten seconds make a stretch dense enough to pass on (more stretches at the end). */
class DenseStretchGateTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long SECOND = 1_000;
    private static final DenseStretch BURST =
            DenseStretch.of("burst", e -> e.eventType == EventType.SKILL_USE, 3, Duration.ofSeconds(10));
    /** Four actions of any kind within a minute. */
    private static final DenseStretch BUSY = DenseStretch.of("busy", e -> true, 4, Duration.ofMinutes(1));

    private KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent> harness;

    @BeforeEach
    void open() throws Exception {
        open(BURST);
    }

    private void open(DenseStretch... stretches) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new DenseStretchGate(List.of(stretches)), e -> e.userId, Types.LONG);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String id, long ts) throws Exception {
        send(id, EventType.SKILL_USE, ts);
    }

    private void send(String id, EventType type, long ts) throws Exception {
        harness.processElement(named(id, type, 7, ts), ts);
    }

    private void sendSkill(String id, long ts, String skillId) throws Exception {
        GameEvent e = named(id, EventType.SKILL_USE, 7, ts);
        e.skillId = skillId;
        harness.processElement(e, ts);
    }

    /**
     * An event named by its server: the gate keeps and passes on the fields the patterns read
     * ({@link Action}), and the event id is not one of them; the server is, and no stretch reads it.
     */
    private static GameEvent named(String name, EventType type, long userId, long ts) {
        GameEvent e = MacroRules.patternFields(TestEvents.event(name, type, userId, ts));
        e.serverId = name;
        return e;
    }

    private List<String> passed() {
        return passed(BURST);
    }

    private List<String> passed(DenseStretch stretch) {
        return records(stretch.output()).stream().map(r -> r.getValue().serverId).toList();
    }

    private List<StreamRecord<GameEvent>> records(OutputTag<GameEvent> tag) {
        var queue = harness.getSideOutput(tag);
        return queue == null ? List.of() : new ArrayList<>(queue);
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

        harness.processWatermark(new Watermark(T0 + DenseStretchGate.FORGET_GRID_WINDOWS * 10 * SECOND + 20 * SECOND));
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

        assertThat(records(BURST.output())).extracting(r -> r.getValue().serverId + "@" + (r.getTimestamp() - T0))
                .containsExactly("a@0", "b@1000", "c@3000");
        assertThat(harness.getOutput()).extracting(o -> ((Watermark) o).getTimestamp() - T0).containsExactly(-8000L);
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
        open(BURST.groupedBy(e -> e.skillId));
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
        open(BURST.groupedBy(e -> e.skillId));
        sendSkill("heal", T0, "heal");
        sendSkill("dash", T0, "dash");
        sendSkill("dash2", T0 + SECOND, "dash");
        sendSkill("dash3", T0 + 2 * SECOND, "dash");
        assertThat(passed()).as("the heal is not dense, but CEP takes the dash of its timestamp after it")
                .containsExactly("heal", "dash", "dash2", "dash3");
    }

    @Test
    void whatItStillNeedsSurvivesARestore() throws Exception {
        send("a", T0);
        send("b", T0 + 20 * SECOND);
        harness.processWatermark(new Watermark(T0 + 25 * SECOND));
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new DenseStretchGate(List.of(BURST)), e -> e.userId, Types.LONG);
        harness.initializeState(snapshot);
        harness.open();

        send("c", T0 + 21 * SECOND);
        send("d", T0 + 22 * SECOND);
        assertThat(passed()).as("b, remembered across the restore, makes a stretch with c and d").containsExactly("b", "c", "d");
    }

    /**
     * A job restores from its last checkpoint at any moment: the gate restored every few events,
     * its watermark sent again as the sources do, passes exactly what it passes uninterrupted.
     */
    @Test
    void randomPlayPassesTheSameEventsWhetherRestoredAfterEveryFewEventsOrNot() throws Exception {
        DenseStretch sameSkill = DenseStretch.of("same", e -> e.eventType == EventType.SKILL_USE, 3, Duration.ofSeconds(10))
                .groupedBy(e -> e.skillId);
        DenseStretch[] stretches = {BURST, BUSY, sameSkill};
        Random random = new Random(5);
        List<GameEvent> play = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 600; i++) {
            ts += random.nextInt(10) == 0 ? 40 * SECOND : random.nextInt(3 * (int) SECOND);
            GameEvent e = named("e" + i, random.nextBoolean() ? EventType.SKILL_USE : EventType.PVP_BATTLE,
                    7 + random.nextInt(2), ts - random.nextInt(2 * (int) SECOND));
            e.skillId = "skill_" + random.nextInt(3);
            play.add(e);
        }

        List<List<String>> straight = passedAll(stretches, play, Integer.MAX_VALUE);
        List<List<String>> restored = passedAll(stretches, play, 7);

        assertThat(straight).allSatisfy(passed -> assertThat(passed).isNotEmpty());
        assertThat(restored).isEqualTo(straight);
    }

    /** Each stretch's passed event ids, in order, with a watermark every 10 events and a restore every {@code restoreEvery}. */
    private List<List<String>> passedAll(DenseStretch[] stretches, List<GameEvent> play, int restoreEvery) throws Exception {
        harness.close();
        open(stretches);
        List<List<String>> passed = new ArrayList<>();
        for (DenseStretch ignored : stretches) {
            passed.add(new ArrayList<>());
        }
        long maxTs = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < play.size(); i++) {
            GameEvent e = play.get(i);
            harness.processElement(e, e.timestampMs);
            maxTs = Math.max(maxTs, e.timestampMs);
            if (i % 10 == 9) {
                watermark = maxTs - 2 * SECOND;
                harness.processWatermark(new Watermark(watermark));
            }
            if (i % restoreEvery == restoreEvery - 1) {
                collectPassed(stretches, passed);
                var snapshot = harness.snapshot(i, i);
                harness.close();
                harness = new KeyedOneInputStreamOperatorTestHarness<>(new DenseStretchGate(List.of(stretches)), g -> g.userId, Types.LONG);
                harness.initializeState(snapshot);
                harness.open();
                if (watermark != Long.MIN_VALUE) {
                    harness.processWatermark(new Watermark(watermark)); // as a restored job's sources send it again
                }
            }
        }
        collectPassed(stretches, passed);
        return passed;
    }

    private void collectPassed(DenseStretch[] stretches, List<List<String>> passed) {
        for (int k = 0; k < stretches.length; k++) {
            passed.get(k).addAll(passed(stretches[k]));
        }
    }

    @Test
    void severalStretchesShareOnePlayersValueAndClockAndEachGetsTheEventsItCounts() throws Exception {
        harness.close();
        open(BURST, BUSY);
        send("s1", T0);
        send("p1", EventType.PVP_BATTLE, T0);
        send("s2", T0 + SECOND);
        assertThat(passed(BURST)).isEmpty();
        assertThat(passed(BUSY)).isEmpty();

        send("s3", T0 + 2 * SECOND);
        assertThat(passed(BURST)).as("the battle of s1's timestamp is not a skill").containsExactly("s1", "s2", "s3");
        assertThat(passed(BUSY)).containsExactly("s1", "p1", "s2", "s3");
        send("p2", EventType.PVP_BATTLE, T0 + 30 * SECOND);
        assertThat(passed(BURST)).containsExactly("s1", "s2", "s3");
        assertThat(passed(BUSY)).containsExactly("s1", "p1", "s2", "s3", "p2");
        assertThat(harness.numKeyedStateEntries()).as("one value for both").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("one clean-up for both").isEqualTo(1);

        harness.processWatermark(new Watermark(T0 + 35 * SECOND));
        assertThat(harness.getOutput()).as("held back by the shorter window").extracting(o -> ((Watermark) o).getTimestamp() - T0)
                .containsExactly(25_000L);
        DenseStretchGate gate = new DenseStretchGate(List.of(BURST, BUSY));
        assertThat(gate.extraHold(BUSY)).as("the longer window's output is held back by the difference").isEqualTo(Duration.ofSeconds(50));
        assertThat(gate.extraHold(BURST)).isZero();
    }

    @Test
    void aStretchLongerThanTheOthersRemembersByItsWindow() throws Exception {
        harness.close();
        open(BURST, BUSY);
        send("a", EventType.CHAT_MESSAGE, T0);
        send("b", EventType.CHAT_MESSAGE, T0 + 50 * SECOND);
        send("c", EventType.CHAT_MESSAGE, T0 + 55 * SECOND);
        harness.processWatermark(new Watermark(T0 + 58 * SECOND));
        send("d", EventType.CHAT_MESSAGE, T0 + 59 * SECOND);
        assertThat(passed(BUSY)).as("a, 59 s back, still counts").containsExactly("a", "b", "c", "d");
    }

    @Test
    void passesEachEventWithEveryFieldThePatternsRead() throws Exception {
        List<GameEvent> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GameEvent e = new GameEvent();
            e.eventType = EventType.SKILL_USE;
            e.userId = 7;
            e.sessionId = "session-" + i;
            e.timestampMs = T0 + i * SECOND;
            e.serverId = "kr-" + i;
            e.platform = "platform-" + i;
            e.skillId = "skill-" + i;
            e.damage = 1_000L + i;
            e.damageDealt = 2_000L + i;
            sent.add(e);
            harness.processElement(e, e.timestampMs);
        }

        List<GameEvent> passedOn = records(BURST.output()).stream().map(StreamRecord::getValue).toList();
        assertThat(RandomEvents.fieldValues(passedOn.toArray(GameEvent[]::new)))
                .isEqualTo(RandomEvents.fieldValues(sent.toArray(GameEvent[]::new)));
    }

    @Test
    void anEventNoStretchCountsIsNotKept() throws Exception {
        send("login", EventType.USER_LOGIN, T0);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
