package io.playpulse.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PlayerActivityTest {
    private static final long MIN = 60_000;
    private static final long DAY = 24 * 60 * MIN;
    private static final long T0 = 1_764_000_000_000L / (24 * 60 * MIN) * (24 * 60 * MIN); // a UTC midnight
    private static final PlayPulseConfig CONFIG = PlayPulseConfig.of(Map.of(
            "session.idle-timeout", "30 min", "event-time.allowed-lateness", "1 min"));

    private KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PlayerActivity(PlayerActivity.Settings.from(CONFIG))),
                e -> e.userId, Types.LONG);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void event(EventType type, long ts) throws Exception {
        GameEvent e = TestEvents.event(type + "-" + ts, type, 7, ts);
        harness.processElement(e, ts);
    }

    private void watermark(long ts) throws Exception {
        harness.processWatermark(new Watermark(ts));
    }

    private List<ActivityFact> facts(FactKind kind) {
        return harness.extractOutputValues().stream().filter(f -> f.kind == kind).toList();
    }

    /** Minute ends (relative to T0, in minutes) with their presence deltas summed. */
    private List<String> presence() {
        return facts(FactKind.PRESENCE).stream()
                .collect(Collectors.groupingBy(f -> (f.timestampMs + 1 - T0) / MIN, java.util.TreeMap::new,
                        Collectors.summingInt(f -> f.delta)))
                .entrySet().stream().filter(e -> e.getValue() != 0).map(e -> e.getKey() + ":" + e.getValue()).toList();
    }

    @Test
    void aPlayerIsOnlineAtEachMinuteEndFromLoginToLogout() throws Exception {
        event(EventType.USER_LOGIN, T0 + 10_000);
        event(EventType.SKILL_USE, T0 + 2 * MIN + 5_000);
        event(EventType.USER_LOGOUT, T0 + 3 * MIN + 30_000);
        watermark(T0 + 10 * MIN);

        assertThat(presence()).containsExactly("1:1", "2:1", "3:1");
    }

    @Test
    void withoutALogoutThePlayerGoesOfflineAfterTheIdleTimeoutAndStateIsCleared() throws Exception {
        event(EventType.USER_LOGIN, T0 + 10_000);
        watermark(T0 + 29 * MIN);
        assertThat(presence()).hasSize(29);
        // the player's state and profile
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        watermark(T0 + 40 * MIN);
        // Online at minute ends 1..30 (the last event, at 0:10, is 29:50 old at 30:00); offline from 31.
        assertThat(presence()).hasSize(30).last().isEqualTo("30:1");
        assertThat(harness.numEventTimeTimers()).as("no more ticks: the clean-up wake and midnight").isEqualTo(2);

        watermark(T0 + 24 * 60 * MIN + 2 * MIN);
        assertThat(harness.numKeyedStateEntries()).as("only the long-lived profile is left").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("the next midnight's score").isEqualTo(1);
    }

    @Test
    void duplicateLoginsCountOnce() throws Exception {
        event(EventType.USER_LOGIN, T0 + 10_000);
        event(EventType.USER_LOGIN, T0 + 20_000);
        event(EventType.USER_LOGIN, T0 + MIN + 1);
        watermark(T0 + 3 * MIN);
        assertThat(presence()).containsExactly("1:1", "2:1", "3:1");
    }

    @Test
    void outOfOrderEventsWithinTheBoundAreJudgedByTheirOwnTime() throws Exception {
        event(EventType.SKILL_USE, T0 + 2 * MIN + 1_000);
        event(EventType.USER_LOGOUT, T0 + 2 * MIN + 500);
        event(EventType.USER_LOGIN, T0 + 10_000);
        watermark(T0 + 5 * MIN);
        // Latest before 3:00 is the skill at 2:01 (after the logout at 2:00.5): still online.
        assertThat(presence()).containsExactly("1:1", "2:1", "3:1", "4:1", "5:1");
    }

    @Test
    void aLateLogoutCorrectsTheMinutesAlreadyCounted() throws Exception {
        event(EventType.USER_LOGIN, T0 + 10_000);
        watermark(T0 + 5 * MIN);
        assertThat(presence()).containsExactly("1:1", "2:1", "3:1", "4:1", "5:1");

        event(EventType.USER_LOGOUT, T0 + 4 * MIN + 20_000);
        List<ActivityFact> corrections = facts(FactKind.PRESENCE).stream().filter(f -> f.delta < 0).toList();
        assertThat(corrections).singleElement().satisfies(f -> assertThat(f.timestampMs).isEqualTo(T0 + 5 * MIN - 1));
        assertThat(presence()).containsExactly("1:1", "2:1", "3:1", "4:1");

        watermark(T0 + 10 * MIN);
        assertThat(presence()).containsExactly("1:1", "2:1", "3:1", "4:1");
    }

    /** Checkpoints, and restores into a new operator whose watermark starts from nothing, as after a crash. */
    private void restore() throws Exception {
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PlayerActivity(PlayerActivity.Settings.from(CONFIG))),
                e -> e.userId, Types.LONG);
        harness.initializeState(snapshot);
        harness.open();
    }

    @Test
    void afterARestoreItNeverAnswersMinutesItHadSettledEvenBeforeAWatermarkArrives() throws Exception {
        event(EventType.USER_LOGIN, T0 + 10_000);
        watermark(T0 + 20 * MIN);
        assertThat(presence()).hasSize(20);
        restore();
        // A restarted job has no watermark until the sources send one.
        event(EventType.SKILL_USE, T0 + 20 * MIN + 5_000);
        watermark(T0 + 22 * MIN);
        assertThat(presence()).as("only the minutes after the restore").containsExactly("21:1", "22:1");
    }

    /** Online from 0:10, minutes 1-3 answered (+1 each), then checkpointed and restored. */
    private void onlineThroughMinuteThreeThenRestored() throws Exception {
        event(EventType.USER_LOGIN, T0 + 10_000);
        watermark(T0 + 3 * MIN + 10_000);
        assertThat(presence()).containsExactly("1:1", "2:1", "3:1");
        restore();
    }

    @Test
    void aLateLogoutReplayedAfterARestoreBeforeAnyWatermarkTakesBackAMinuteAnsweredBeforeTheCheckpoint() throws Exception {
        onlineThroughMinuteThreeThenRestored();

        event(EventType.USER_LOGOUT, T0 + 2 * MIN + 30_000);
        assertThat(presence()).as("corrected at once, before any watermark").containsExactly("3:-1");
        watermark(T0 + 10 * MIN);
        assertThat(presence()).containsExactly("3:-1");
    }

    @Test
    void aLateLogoutAfterARestoreWhoseFirstWatermarkIsBehindTheCheckpointsStillCorrectsTheAnsweredMinute() throws Exception {
        onlineThroughMinuteThreeThenRestored();
        // The sources' first watermark after a restore can trail the one the checkpoint had seen.
        watermark(T0 + MIN + 30_000);
        event(EventType.USER_LOGOUT, T0 + 2 * MIN + 30_000);
        assertThat(presence()).containsExactly("3:-1");
        watermark(T0 + 10 * MIN);
        assertThat(presence()).containsExactly("3:-1");
    }

    @Test
    void aLateEventReplayedAfterARestoreBeforeAnyWatermarkPutsAMinuteAnsweredOfflineOnline() throws Exception {
        event(EventType.USER_LOGIN, T0 + 10_000);
        event(EventType.USER_LOGOUT, T0 + MIN + 50_000);
        watermark(T0 + 3 * MIN + 10_000);
        assertThat(presence()).as("minutes 2 and 3 answered offline").containsExactly("1:1");
        restore();

        event(EventType.SKILL_USE, T0 + 2 * MIN + 30_000);
        assertThat(presence()).as("no mark to correct yet: the presence tick answers it").isEmpty();
        watermark(T0 + 10 * MIN);
        assertThat(presence()).containsExactly("3:1", "4:1", "5:1", "6:1", "7:1", "8:1", "9:1", "10:1");
    }

    @Test
    void aMoveToAnotherServerReplayedAfterARestoreMovesTheAnsweredMinute() throws Exception {
        onlineThroughMinuteThreeThenRestored();
        GameEvent moved = TestEvents.event("moved", EventType.SKILL_USE, 7, T0 + 2 * MIN + 30_000);
        moved.serverId = "elsewhere";
        harness.processElement(moved, moved.timestampMs);
        watermark(T0 + 10 * MIN);

        Map<String, Integer> byServer = facts(FactKind.PRESENCE).stream()
                .collect(Collectors.groupingBy(f -> f.serverId + "@" + (f.timestampMs + 1 - T0) / MIN,
                        Collectors.summingInt(f -> f.delta)));
        assertThat(byServer).containsEntry("kr-1@3", -1).containsEntry("elsewhere@3", 1)
                .containsEntry("elsewhere@4", 1);
    }

    @Test
    void eventsAreFlaggedWithTheDistinctCellsTheyOpen() throws Exception {
        event(EventType.SKILL_USE, T0 + 1_000);
        event(EventType.SKILL_USE, T0 + 2_000);
        event(EventType.USER_LOGIN, T0 + 3_000);
        event(EventType.SKILL_USE, T0 + MIN + 1_000);
        List<ActivityFact> events = facts(FactKind.EVENT);
        assertThat(events.get(0).firstIn(FirstIn.MINUTE)).isTrue();
        assertThat(events.get(0).firstIn(FirstIn.MINUTE_TYPE)).isTrue();
        assertThat(events.get(0).firstIn(FirstIn.HOUR)).isTrue();
        assertThat(events.get(1).firstIn).isZero();
        assertThat(events.get(2).firstIn(FirstIn.MINUTE)).isFalse();
        assertThat(events.get(2).firstIn(FirstIn.MINUTE_TYPE)).isTrue();
        assertThat(events.get(2).firstIn(FirstIn.MINUTE_LOGIN)).isTrue();
        assertThat(events.get(3).firstIn(FirstIn.MINUTE)).isTrue();
        assertThat(events.get(3).firstIn(FirstIn.HOUR)).isFalse();
    }

    @Test
    void dailyFactsMarkTheFirstActivityAndMoveItWhenAnEarlierEventArrives() throws Exception {
        event(EventType.SKILL_USE, T0 + 10 * MIN + 5_000);
        event(EventType.SKILL_USE, T0 + 9 * MIN + 5_000);
        List<ActivityFact> daily = facts(FactKind.DAILY);
        assertThat(daily).extracting(f -> (f.timestampMs - T0) / MIN + ":" + f.delta + (f.newPlayer ? "new" : ""))
                .containsExactly("10:1new", "10:-1new", "9:1new");
    }

    @Test
    void anEarlierDayMakesTheNextDayReturning() throws Exception {
        event(EventType.SKILL_USE, T0 + 2 * MIN);
        event(EventType.SKILL_USE, T0 - 30_000);
        List<ActivityFact> daily = facts(FactKind.DAILY);
        assertThat(daily).extracting(f -> f.timestampMs + ":" + f.delta + (f.newPlayer ? "new" : ""))
                .containsExactly(
                        (T0 + 2 * MIN) + ":1new",
                        (T0 + 2 * MIN) + ":-1new",
                        (T0 + 2 * MIN) + ":1",
                        (T0 - MIN) + ":1new");
    }

    @Test
    void aSavepointOfTheBuildBeforeTheProfileKeepsEachPlayersFirstSeenDay() throws Exception {
        // The earlier build kept only a TTL'd first-seen Long per player, under the same operator.
        OperatorSubtaskState savepoint;
        try (var earlier = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact>(
                new KeyedProcessOperator<>(new EarlierFirstSeen()), e -> e.userId, Types.LONG)) {
            earlier.open();
            earlier.processElement(TestEvents.event("old", EventType.USER_LOGIN, 7, T0 - 3 * DAY), T0 - 3 * DAY);
            savepoint = earlier.snapshot(1, 1);
        }
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PlayerActivity(PlayerActivity.Settings.from(CONFIG))), e -> e.userId, Types.LONG);
        harness.initializeState(savepoint);
        harness.open();

        event(EventType.USER_LOGIN, T0 + MIN);
        harness.processElement(TestEvents.event("other", EventType.USER_LOGIN, 8, T0 + MIN), T0 + MIN);

        assertThat(facts(FactKind.DAILY)).extracting(f -> f.newPlayer).containsExactly(false, true);
        harness.processElement(TestEvents.event("bye", EventType.USER_LOGOUT, 7, T0 + 2 * MIN), T0 + 2 * MIN);
        var side = harness.getSideOutput(PlayerActivity.CHURN_OBSERVATIONS);
        assertThat(side).singleElement().satisfies(r -> assertThat(
                r.getValue().features[io.playpulse.player.ChurnFeatures.NAMES.indexOf("lifetime_days")])
                .isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.01)));
    }

    @Test
    void restoresThePlayerStateOfBuildsThatNamedTheCellsOnTheHeap() throws Exception {
        restoresThePlayerStateOfBuildsThatNamedTheCells(new HashMapStateBackend());
    }

    @Test
    void restoresThePlayerStateOfBuildsThatNamedTheCellsOnRocksDb() throws Exception {
        restoresThePlayerStateOfBuildsThatNamedTheCells(new EmbeddedRocksDBStateBackend());
    }

    /**
     * The cells a login, a purchase and a skill use opened, written as builds up to 101cff3 wrote them
     * (names; their serializer snapshot, version 3), are still open after a restore, and again after a
     * second one; so is the day's entry.
     */
    private void restoresThePlayerStateOfBuildsThatNamedTheCells(StateBackend backend) throws Exception {
        event(EventType.USER_LOGIN, T0 + 1_000);
        harness.processElement(purchase(T0 + 1_500), T0 + 1_500);
        event(EventType.SKILL_USE, T0 + 2_000);
        OperatorSubtaskState namedSnapshot = writtenByAnEarlierBuild(backend, PlayerStateSerializer.NAMED_CELLS);

        restoreOn(backend, namedSnapshot);
        event(EventType.SKILL_USE, T0 + 3_000);
        harness.processElement(purchase(T0 + 3_500), T0 + 3_500);
        assertThat(facts(FactKind.EVENT)).as("minute, type, hour, payer and gameplay cells open before the restore")
                .hasSize(2).allSatisfy(f -> assertThat(f.firstIn).isZero());
        assertThat(facts(FactKind.DAILY)).as("the day's entry too").isEmpty();

        restoreOn(backend, harness.snapshot(2, 2));
        event(EventType.USER_LOGIN, T0 + 4_000);
        assertThat(facts(FactKind.EVENT)).singleElement().as("the login cells too, after a second restore")
                .satisfies(f -> assertThat(f.firstIn).isZero());
    }

    @Test
    void refusesThePlayerStateOfBuildsThatWroteItAsAPojoSayingWhatToDo() throws Exception {
        event(EventType.USER_LOGIN, T0 + 1_000);
        OperatorSubtaskState pojoSnapshot = writtenByAnEarlierBuild(new HashMapStateBackend(),
                TypeInformation.of(PlayerState.class).createSerializer(new SerializerConfigImpl()));

        assertThatThrownBy(() -> restoreOn(new HashMapStateBackend(), pojoSnapshot))
                .hasStackTraceContaining("written as a POJO").hasStackTraceContaining("3d2cc89 to 101cff3");
    }

    private static GameEvent purchase(long ts) {
        GameEvent e = TestEvents.event("buy-" + ts, EventType.ITEM_PURCHASE, 7, ts);
        e.currency = "KRW";
        return e;
    }

    /** The harness's player state, written by a function that declares it with {@code serializer}, as an earlier build did. */
    private OperatorSubtaskState writtenByAnEarlierBuild(StateBackend backend, TypeSerializer<PlayerState> serializer)
            throws Exception {
        harness.getOperator().<Long>getKeyedStateBackend().setCurrentKey(7L);
        PlayerState made = harness.getOperator().<Long>getKeyedStateBackend().getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, PlayerActivity.playerDescriptor()).value();
        harness.close();
        try (var earlier = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact>(
                new KeyedProcessOperator<>(new EarlierPlayerState(made, serializer)), e -> e.userId, Types.LONG)) {
            earlier.setStateBackend(backend);
            earlier.open();
            earlier.processElement(TestEvents.event("any", EventType.SKILL_USE, 7, T0 + 2_000), T0 + 2_000);
            return earlier.snapshot(1, 1);
        }
    }

    @Test
    void restoresTheProfileOfBuildsThatWroteItAsAPojoOnTheHeap() throws Exception {
        restoresTheProfileOfBuildsThatWroteItAsAPojo(new HashMapStateBackend());
    }

    @Test
    void restoresTheProfileOfBuildsThatWroteItAsAPojoOnRocksDb() throws Exception {
        restoresTheProfileOfBuildsThatWroteItAsAPojo(new EmbeddedRocksDBStateBackend());
    }

    /** A session three days ago, in a profile held as the earlier build declared it (with its TTL), counts after a restore, and again after a second one. */
    private void restoresTheProfileOfBuildsThatWroteItAsAPojo(StateBackend backend) throws Exception {
        PlayerProfile earlierProfile = new PlayerProfile();
        earlierProfile.apply(TestEvents.event("in", EventType.USER_LOGIN, 7, T0 - 3 * DAY), 1.0);
        earlierProfile.apply(TestEvents.event("out", EventType.USER_LOGOUT, 7, T0 - 3 * DAY + MIN), 1.0);
        harness.close();
        OperatorSubtaskState pojoSnapshot;
        try (var earlier = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact>(
                new KeyedProcessOperator<>(new EarlierProfile(earlierProfile)), e -> e.userId, Types.LONG)) {
            earlier.setStateBackend(backend);
            earlier.open();
            earlier.processElement(TestEvents.event("any", EventType.SKILL_USE, 7, T0), T0);
            pojoSnapshot = earlier.snapshot(1, 1);
        }

        restoreOn(backend, pojoSnapshot);
        event(EventType.USER_LOGIN, T0 + MIN);
        event(EventType.USER_LOGOUT, T0 + 2 * MIN);
        assertThat(observedSessionsAndLifetime()).as("the earlier session and this one").containsExactly(2.0, 3.0);

        restoreOn(backend, harness.snapshot(2, 2));
        event(EventType.USER_LOGIN, T0 + 3 * MIN);
        event(EventType.USER_LOGOUT, T0 + 4 * MIN);
        assertThat(observedSessionsAndLifetime()).as("after a second restore").containsExactly(3.0, 3.0);
    }

    /** The sessions and the whole lifetime days of the one churn observation the harness sent. */
    private List<Double> observedSessionsAndLifetime() {
        var observations = harness.getSideOutput(PlayerActivity.CHURN_OBSERVATIONS);
        assertThat(observations).hasSize(1);
        double[] features = observations.peek().getValue().features;
        return List.of(features[ChurnFeatures.NAMES.indexOf("sessions")],
                Math.floor(features[ChurnFeatures.NAMES.indexOf("lifetime_days")]));
    }

    /** What builds before PlayerProfileSerializer kept: the same value and TTL, declared as a POJO. */
    private static final class EarlierProfile extends KeyedProcessFunction<Long, GameEvent, ActivityFact> {
        private final PlayerProfile toWrite;
        private transient ValueState<PlayerProfile> profiles;

        EarlierProfile(PlayerProfile toWrite) {
            this.toWrite = toWrite;
        }

        @Override
        public void open(OpenContext context) {
            ValueStateDescriptor<PlayerProfile> descriptor =
                    new ValueStateDescriptor<>("profile", TypeInformation.of(PlayerProfile.class));
            descriptor.enableTimeToLive(PlayerActivity.profileDescriptor(Duration.ofDays(90)).getTtlConfig());
            profiles = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(GameEvent e, Context ctx, Collector<ActivityFact> out) throws Exception {
            profiles.update(toWrite);
        }
    }

    private void restoreOn(StateBackend backend, OperatorSubtaskState snapshot) throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PlayerActivity(PlayerActivity.Settings.from(CONFIG))), e -> e.userId, Types.LONG);
        harness.setStateBackend(backend);
        harness.initializeState(snapshot);
        harness.open();
    }

    /** What earlier builds kept: the same value, declared with the serializer they wrote it with. */
    private static final class EarlierPlayerState extends KeyedProcessFunction<Long, GameEvent, ActivityFact> {
        private final PlayerState toWrite;
        private final TypeSerializer<PlayerState> serializer;
        private transient ValueState<PlayerState> players;

        EarlierPlayerState(PlayerState toWrite, TypeSerializer<PlayerState> serializer) {
            this.toWrite = toWrite;
            this.serializer = serializer;
        }

        @Override
        public void open(OpenContext context) {
            players = getRuntimeContext().getState(new ValueStateDescriptor<>("player", serializer));
        }

        @Override
        public void processElement(GameEvent e, Context ctx, Collector<ActivityFact> out) throws Exception {
            players.update(toWrite);
        }
    }

    /** What the build before the player profile (22d8589) did with its first-seen state, declared as it was. */
    private static final class EarlierFirstSeen extends KeyedProcessFunction<Long, GameEvent, ActivityFact> {
        private transient ValueState<Long> firstSeen;

        @Override
        public void open(OpenContext context) {
            ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("first-seen", Types.LONG);
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(90))
                    .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
                    .build());
            firstSeen = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(GameEvent e, Context ctx, Collector<ActivityFact> out) throws Exception {
            firstSeen.update(e.timestampMs);
        }
    }

    /** The end of event time (a drain, or a bounded input's end) closes the session and ends every timer, scoring no future midnight. */
    @Test
    @Timeout(60)
    void theFinalWatermarkClosesTheSessionEndsEveryTimerAndScoresNoFutureMidnight() throws Exception {
        event(EventType.USER_LOGIN, T0 + 10_000);
        event(EventType.SKILL_USE, T0 + 2 * MIN + 5_000);
        event(EventType.PAYMENT, T0 + 3 * MIN + 5_000);
        watermark(Long.MAX_VALUE);

        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.getSideOutput(PlayerActivity.CHURN_OBSERVATIONS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().trigger).isEqualTo(io.playpulse.player.ChurnObservation.SESSION_END);
            assertThat(r.getValue().observedAtMs).isEqualTo(T0 + 3 * MIN + 5_000);
        });
    }
}
