package io.playpulse.migration;

import static io.playpulse.config.PlayPulseOptions.MAX_CLOCK_SKEW;
import static io.playpulse.config.PlayPulseOptions.MAX_EVENT_AGE;
import static io.playpulse.config.PlayPulseOptions.MAX_PAYLOAD_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playpulse.PlayPulseWorkflow;
import io.playpulse.alert.Alert;
import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.detect.DetectGraph;
import io.playpulse.detect.ServerHealthRule;
import io.playpulse.events.EventParser;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.GameEventDeserializer;
import io.playpulse.events.IngestedRecord;
import io.playpulse.events.RejectedRecord;
import io.playpulse.player.CellNames;
import io.playpulse.player.ChurnFeatures;
import io.playpulse.player.ChurnObservation;
import io.playpulse.player.PlayerActivity;
import io.playpulse.player.PlayerProfile;
import io.playpulse.server.ServerHealthMinute;
import io.playpulse.sink.Outputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real savepoint of the build before the {@code player} package (src/test/resources, see its
 * README), migrated: every player's state and timers come over value for value, and the current
 * job restores from it and carries each player's history on. The whole job restores from a
 * migrated savepoint of the last build with three gates too ({@link GateMigrationTest} compares
 * the gates' state).
 */
class SavepointMigrationTest {
    private static final Path EARLIER = Path.of("src/test/resources/savepoint-before-player-package");
    static final Path THREE_GATES = Path.of("src/test/resources/savepoint-three-gates");
    /** Longer than the fixture's age, so that no profile in it has expired when the test reads it. */
    private static final Duration RETENTION = Duration.ofDays(36_500);
    static final PlayPulseConfig CONFIG = PlayPulseConfig.of(Map.of("player.retention", RETENTION.toDays() + " d"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path migrated;
    static Path migratedThreeGates;

    @BeforeAll
    static void migrate() throws Exception {
        migrated = work.resolve("migrated");
        SavepointMigration.migrate(EARLIER.toAbsolutePath().toString(), migrated.toString(), CONFIG);
        assertThat(Files.exists(migrated.resolve("_metadata"))).isTrue();
        migratedThreeGates = work.resolve("migrated-three-gates");
        SavepointMigration.migrate(THREE_GATES.toAbsolutePath().toString(), migratedThreeGates.toString(), CONFIG);
    }

    @Test
    void everyPlayersStateAndTimersComeOverValueForValue() throws Exception {
        Map<Long, String> before = read(EARLIER, new ReadAsEarlier());
        Map<Long, String> after = read(migrated, new ReadAsCurrent());

        assertThat(before.size()).as("players in the fixture").isGreaterThan(50);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((userId, state) -> assertThat(after.get(userId)).as("player %d", userId).isEqualTo(state));
        assertThat(before.values()).as("the fixture holds open sessions and pending timers")
                .anyMatch(s -> s.contains("\"sessionOpen\":true"))
                .allMatch(s -> !s.contains("\"eventTimeTimers\":[]"));
    }

    @Test
    void everyServersPendingMinutesRunAndTimersComeOverValueForValue() throws Exception {
        Map<String, String> before = readServers(EARLIER, ServerHealthRuleMigration.read(
                SavepointReader.read(batch(), EARLIER.toAbsolutePath().toString(), new HashMapStateBackend())));
        Map<String, String> after = readServers(migrated, SavepointReader.read(batch(), migrated.toString(),
                new HashMapStateBackend()).readKeyedState(ServerHealthRuleMigration.SERVER_HEALTH_RULE,
                        new ReadServerAsCurrent(), Types.STRING, TypeInformation.of(ServerHealthRuleMigration.Server.class)));

        assertThat(before.size()).as("servers in the fixture").isGreaterThan(3);
        assertThat(before.values()).as("with minutes waiting to be judged").allMatch(s -> s.contains("windowStartMs"));
        assertThat(after).isEqualTo(before);
    }

    /**
     * The whole current job restores from the migrated savepoint, every operator's state included (a
     * savepoint of it completes only once every task runs), and goes on running.
     */
    @Test
    void theWholeCurrentJobRestoresFromTheMigratedSavepoint() throws Exception {
        restoresTheWholeJob(migrated);
    }

    @Test
    void theWholeCurrentJobRestoresFromTheMigratedSavepointOfThreeGates() throws Exception {
        restoresTheWholeJob(migratedThreeGates);
    }

    private static void restoresTheWholeJob(Path savepoint) throws Exception {
        JobClient job = wholeJobFrom(savepoint);
        try {
            assertThat(savepointOnceEveryTaskRuns(job)).isNotNull();
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    /** Without the migration, the current job has no operator for the earlier gates' state. */
    @Test
    void theWholeCurrentJobDoesNotRestoreFromTheSavepointBeforeTheMigration() throws Exception {
        List<String> earlierGates = DetectGraph.denseStretches(CONFIG).stream()
                .map(s -> GateMigration.earlierGate(s.rule()).getOperatorId().toString())
                .toList();
        for (Path earlier : List.of(EARLIER, THREE_GATES)) {
            String failure = ExceptionUtils.stringifyException(catchThrowable(
                    () -> wholeJobFrom(earlier.toAbsolutePath()).getJobExecutionResult().get(2, TimeUnit.MINUTES)));
            assertThat(failure).as(earlier.toString()).contains("Cannot map checkpoint/savepoint state for operator");
            assertThat(earlierGates).as("the operator it names").anyMatch(failure::contains);
        }
    }

    /** A migrated savepoint is one of the current build: nothing more to do, and the tool says so. */
    @Test
    void aSavepointTheCurrentJobReadsAsItIsIsNotMigratedAgain() {
        assertThatThrownBy(() -> SavepointMigration.migrate(migrated.toString(), work.resolve("again").toString(), CONFIG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs no migration");
    }

    /** The whole current job, from a savepoint of the fixture's job, with the source it had. */
    private static JobClient wholeJobFrom(Path savepoint) throws Exception {
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restore);
        env.setParallelism(2);
        PlayPulseConfig config = PlayPulseConfig.defaults();
        EventParser parser = new EventParser(config.get(MAX_PAYLOAD_BYTES), config.get(MAX_EVENT_AGE), config.get(MAX_CLOCK_SKEW));
        // The source the fixture's job had (its position is restored); only rejected records from here on.
        var source = new DataGeneratorSource<>(new Rejected(new GameEventDeserializer(parser)), Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(100), TypeInformation.of(IngestedRecord.class));
        PlayPulseWorkflow.define(env, config, source, new Discarding());
        return env.executeAsync("restored from " + savepoint.getFileName());
    }

    /** A savepoint, tried until every task runs: a task whose state does not restore fails the job instead. */
    private static String savepointOnceEveryTaskRuns(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            assertThat(job.getJobStatus().get()).as("the restored job").isIn(JobStatus.CREATED, JobStatus.INITIALIZING,
                    JobStatus.RUNNING);
            try {
                return job.triggerSavepoint(work.resolve("after-restore").toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(1, TimeUnit.MINUTES);
            } catch (ExecutionException notAllRunningYet) {
                if (System.nanoTime() > deadline) {
                    throw notAllRunningYet;
                }
                Thread.sleep(500);
            }
        }
    }

    @Test
    void theCurrentJobRestoresFromTheMigratedSavepointAndGoesOnFromEachPlayersHistory() throws Exception {
        Map<Long, PlayerProfile> open = new TreeMap<>();
        for (var player : read(migrated, new ReadAsCurrent()).entrySet()) {
            PlayerProfile profile = JSON.treeToValue(JSON.readTree(player.getValue()).get("profile"), PlayerProfile.class);
            if (profile != null && profile.sessionOpen) {
                open.put(player.getKey(), profile);
            }
        }
        assertThat(open).hasSizeGreaterThan(10);
        assertThat(open.values()).as("some with sessions closed before").anyMatch(p -> p.closedSessions > 0);

        // A logout for each player whose session was open when the savepoint was taken.
        List<GameEvent> logouts = new ArrayList<>();
        open.forEach((userId, profile) -> logouts.add(logout(userId, profile)));
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, migrated.toString());
        restore.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true); // the other operators'
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restore);
        env.setParallelism(2);
        SingleOutputStreamOperator<?> activity = env.fromData(logouts)
                .uid("test-logouts")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<GameEvent>forMonotonousTimestamps()
                        .withTimestampAssigner((e, previous) -> e.timestampMs))
                .uid("test-timestamps")
                .keyBy(e -> e.userId, Types.LONG)
                .process(new PlayerActivity(PlayerActivity.Settings.from(
                        CONFIG)))
                .uid("player-activity");
        int sessions = ChurnFeatures.NAMES.indexOf("sessions");
        Map<Long, Double> sessionsAtLogout = new TreeMap<>();
        for (ChurnObservation o : collect(activity.getSideOutput(PlayerActivity.CHURN_OBSERVATIONS))) {
            if (o.trigger.equals(ChurnObservation.SESSION_END) && open.containsKey(o.userId)
                    && o.observedAtMs == open.get(o.userId).sessionLastMs + 1_000) {
                sessionsAtLogout.put(o.userId, o.features[sessions]);
            }
        }
        Map<Long, Double> expected = new TreeMap<>();
        open.forEach((userId, profile) -> expected.put(userId, profile.closedSessions + 1.0));
        assertThat(sessionsAtLogout).as("each logout closes the session the savepoint held open, after its earlier ones")
                .isEqualTo(expected);
    }

    private static GameEvent logout(long userId, PlayerProfile profile) {
        GameEvent e = new GameEvent();
        e.eventId = "after-migration-" + userId;
        e.eventType = EventType.USER_LOGOUT;
        e.userId = userId;
        e.sessionId = "s-" + userId;
        e.timestampMs = profile.sessionLastMs + 1_000;
        e.serverId = profile.serverId;
        e.platform = profile.platform;
        return e;
    }

    static StreamExecutionEnvironment batch() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        return env;
    }

    static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> all = new ArrayList<>();
        try (CloseableIterator<T> it = stream.executeAndCollect()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    private static Map<Long, String> read(Path savepoint, KeyedStateReaderFunction<Long, String> reader) throws Exception {
        Map<Long, String> players = new TreeMap<>();
        for (String s : collect(SavepointReader.read(batch(), savepoint.toAbsolutePath().toString(), new HashMapStateBackend())
                .readKeyedState(PlayerStateMigration.PLAYER_ACTIVITY, reader, Types.LONG, Types.STRING))) {
            players.put(JSON.readTree(s).get("userId").asLong(), s);
        }
        return players;
    }

    private static Map<String, String> readServers(Path savepoint, DataStream<ServerHealthRuleMigration.Server> servers)
            throws Exception {
        Map<String, String> all = new TreeMap<>();
        for (ServerHealthRuleMigration.Server s : collect(servers)) {
            Arrays.sort(s.pendingMinutes, Comparator.comparingLong(m -> m.windowStartMs));
            all.put(s.serverId, JSON.writeValueAsString(s));
        }
        return all;
    }

    /** The migrated rule's state, read with the current classes. */
    private static final class ReadServerAsCurrent extends KeyedStateReaderFunction<String, ServerHealthRuleMigration.Server> {
        private static final long serialVersionUID = 1L;
        private transient MapState<Long, ServerHealthMinute> pending;
        private transient ValueState<long[]> run;

        @Override
        public void open(OpenContext openContext) {
            pending = getRuntimeContext().getMapState(ServerHealthRule.pendingDescriptor());
            run = getRuntimeContext().getState(ServerHealthRule.runDescriptor());
        }

        @Override
        public void readKey(String serverId, Context ctx, Collector<ServerHealthRuleMigration.Server> out) throws Exception {
            ServerHealthRuleMigration.Server s = new ServerHealthRuleMigration.Server();
            s.serverId = serverId;
            List<ServerHealthMinute> minutes = new ArrayList<>();
            pending.values().forEach(minutes::add);
            s.pendingMinutes = minutes.toArray(new ServerHealthMinute[0]);
            s.unhealthyRun = run.value();
            s.eventTimeTimers = ctx.registeredEventTimeTimers().stream().mapToLong(Long::longValue).sorted().toArray();
            out.collect(s);
        }
    }

    /** Records the parser rejects: they move no keyed state. */
    private record Rejected(GameEventDeserializer deserializer) implements GeneratorFunction<Long, IngestedRecord> {
        @Override
        public IngestedRecord map(Long offset) {
            List<IngestedRecord> out = new ArrayList<>(1);
            deserializer.deserialize(new ConsumerRecord<>("game-events", 0, offset, null, "{}".getBytes(StandardCharsets.UTF_8)),
                    new ListCollector<>(out));
            return out.get(0);
        }
    }

    /** Outputs that discard: this test looks at the job's state, not at what it writes. */
    private static final class Discarding implements Outputs {
        private static final long serialVersionUID = 1L;

        @Override
        public <T> Sink<T> table(ClickHouseTable<T> table) {
            return new DiscardingSink<>();
        }

        @Override
        public Sink<RejectedRecord> deadLetterTopic() {
            return new DiscardingSink<>();
        }

        @Override
        public Sink<Alert> alertsTopic() {
            return new DiscardingSink<>();
        }
    }

    /** One player's state as JSON: the public fields by name, so two classes of one shape compare equal. */
    private abstract static class ReadAsJson<P, F> extends KeyedStateReaderFunction<Long, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<P> players;
        private transient ValueState<F> profiles;
        private transient ValueState<Long> firstSeen;

        abstract ValueStateDescriptor<P> player();

        abstract ValueStateDescriptor<F> profile();

        /** The player state in the shape of the earlier build's class, field for field. */
        Object asEarlier(P player) {
            return player;
        }

        @Override
        public void open(OpenContext openContext) {
            players = getRuntimeContext().getState(player());
            profiles = getRuntimeContext().getState(profile());
            firstSeen = getRuntimeContext().getState(PlayerActivity.legacyFirstSeenDescriptor(RETENTION));
        }

        @Override
        public void readKey(Long userId, Context ctx, Collector<String> out) throws Exception {
            Map<String, Object> state = new TreeMap<>();
            state.put("userId", userId);
            state.put("player", asEarlier(players.value()));
            state.put("profile", profiles.value());
            state.put("firstSeen", firstSeen.value());
            state.put("eventTimeTimers", ctx.registeredEventTimeTimers().stream().sorted().toList());
            state.put("processingTimeTimers", ctx.registeredProcessingTimeTimers().stream().sorted().toList());
            out.collect(JSON.writeValueAsString(state));
        }
    }

    private static final class ReadAsEarlier extends ReadAsJson<io.playpulse.kpi.PlayerState, io.playpulse.churn.PlayerProfile> {
        private static final long serialVersionUID = 1L;

        @Override
        ValueStateDescriptor<io.playpulse.kpi.PlayerState> player() {
            return new ValueStateDescriptor<>("player", TypeInformation.of(io.playpulse.kpi.PlayerState.class));
        }

        @Override
        ValueStateDescriptor<io.playpulse.churn.PlayerProfile> profile() {
            ValueStateDescriptor<io.playpulse.churn.PlayerProfile> d =
                    new ValueStateDescriptor<>("profile", TypeInformation.of(io.playpulse.churn.PlayerProfile.class));
            d.enableTimeToLive(PlayerActivity.profileDescriptor(RETENTION).getTtlConfig());
            return d;
        }
    }

    private static final class ReadAsCurrent extends ReadAsJson<io.playpulse.player.PlayerState, PlayerProfile> {
        private static final long serialVersionUID = 1L;

        @Override
        ValueStateDescriptor<io.playpulse.player.PlayerState> player() {
            return PlayerActivity.playerDescriptor();
        }

        /** Cells and daily entries named again, as the earlier build held them. */
        @Override
        Object asEarlier(io.playpulse.player.PlayerState s) {
            if (s == null) {
                return null;
            }
            Map<String, Object> earlier = new LinkedHashMap<>();
            earlier.put("presence", s.presence);
            String[] cells = new String[s.cellCount];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = CellNames.name(s.cellKeys[i], s.cellDimensions[i], s.cellEnds[i]);
            }
            earlier.put("cells", cells);
            earlier.put("cellEnds", Arrays.copyOf(s.cellEnds, s.cellCount));
            String[] dailyKeys = new String[s.dailyPlatforms.length];
            for (int i = 0; i < dailyKeys.length; i++) {
                dailyKeys[i] = CellNames.dailyName(s.dailyPlatforms[i], s.dailyFirstMinutes[i]);
            }
            earlier.put("dailyKeys", dailyKeys);
            earlier.put("dailyFirstMinutes", s.dailyFirstMinutes);
            earlier.put("dailyNew", s.dailyNew);
            earlier.put("tickEnd", s.tickEnd);
            earlier.put("wakeAt", s.wakeAt);
            return earlier;
        }

        @Override
        ValueStateDescriptor<PlayerProfile> profile() {
            return PlayerActivity.profileDescriptor(RETENTION);
        }
    }
}
