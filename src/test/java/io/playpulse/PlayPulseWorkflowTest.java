package io.playpulse;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.config.PlayPulseOptions.MAX_CLOCK_SKEW;
import static io.playpulse.config.PlayPulseOptions.MAX_EVENT_AGE;
import static io.playpulse.config.PlayPulseOptions.MAX_PAYLOAD_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.playpulse.alert.Alert;
import io.playpulse.churn.ChurnModel;
import io.playpulse.churn.ChurnPrediction;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.detect.MacroRules;
import io.playpulse.events.EventParser;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.GameEventDeserializer;
import io.playpulse.events.IngestedRecord;
import io.playpulse.events.RejectedRecord;
import io.playpulse.it.AlertOracle;
import io.playpulse.it.GeneratedInput;
import io.playpulse.kpi.CcuMinute;
import io.playpulse.kpi.DashboardRevenue;
import io.playpulse.kpi.EventsPerMinute;
import io.playpulse.tools.GeneratedRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole production graph, without Kafka or ClickHouse: the same simulated traffic as
 * EndToEndIT (four hours across a UTC midnight, with retries, disorder, late and malformed
 * records) from an in-memory source, as one partition, into outputs that collect what the job
 * writes. Every expectation is derived from the input and the rules, as EndToEndIT derives them:
 * the stored events and late flags, the dead letters, the KPI rows that have a Java recompute here
 * (events and revenue per minute), every alert rule, the bots, and the churn scores. The KPI
 * recompute queries of sql/queries, and exactly-once under faults, stay EndToEndIT's.
 */
class PlayPulseWorkflowTest {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration LATENESS = Duration.ofSeconds(60);
    private static final Path CHURN_MODEL = Path.of("models", "churn-v1.json");
    private static final String TOPIC = "game-events";
    private static final long MINUTE = 60_000L;

    private final CollectingOutputs outputs = new CollectingOutputs();

    @TempDir
    Path checkpoints;

    @AfterEach
    void forgetRows() {
        outputs.clear();
    }

    @Test
    @Timeout(300)
    void everyOutputIsWhatTheInputImplies() throws Exception {
        run("hashmap", Duration.ofHours(2), true);
    }

    /**
     * The same graph on RocksDB, where every state value is serialized on each access: half a simulated
     * hour across the midnight (the incidents the alert rules need come later, so those rules are
     * held to the oracle without requiring that they fire). This is the proof that the way back to
     * RocksDB (docs/operations.md#state-backend) stays open; EndToEndIT runs the shipped heap backend.
     */
    @Test
    @Timeout(300)
    void everyOutputIsWhatTheInputImpliesOnRocksDb() throws Exception {
        run("rocksdb", Duration.ofMinutes(15), false);
    }

    private void run(String stateBackend, Duration eachSideOfMidnight, boolean incidentsRequired) throws Exception {
        PlayPulseConfig config = PlayPulseConfig.of(Map.of(
                "event-time.out-of-orderness", "5 s",
                "event-time.allowed-lateness", "60 s",
                "alert.ccu-floor", "30",
                "churn.model", CHURN_MODEL.toString()));
        long hour = Duration.ofHours(1).toMillis();
        long midnight = Math.floorDiv(System.currentTimeMillis() - 3 * hour, 24 * hour) * 24 * hour;
        List<GeneratedRecord> records = GeneratedInput.aroundMidnight(7L, midnight, eachSideOfMidnight, BOUND, LATENESS);
        GeneratedInput input = GeneratedInput.inOnePartition(records);

        // Checkpoints every second, so the state's snapshots are taken (and must succeed) as well as read.
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flink);
        PlayPulseWorkflow.define(env, config, source(records, config), outputs);
        env.execute("PlayPulse without services");

        Map<String, GameEvent> distinct = input.distinctValidEvents();
        Set<String> late = input.lateEventIds(BOUND, LATENESS);
        long closedUntilMs = input.lowestPartitionHighMark() - BOUND.toMillis();
        assertThat(late).as("the stream must exercise late events").isNotEmpty();
        assertThat(input.malformed()).as("and malformed ones").hasSizeGreaterThan(10);

        assertCleanEvents(distinct, late);
        assertDeadLetters(input);
        assertKpis(distinct, late, closedUntilMs);
        assertAlerts(new AlertOracle(input, config, late), closedUntilMs, config.get(ALLOWED_LATENESS).toMillis(),
                incidentsRequired);
        assertChurnScores(distinct, late);
    }

    /** The records as partition 0 of the topic holds them, parsed by the job's own deserializer. */
    private static DataGeneratorSource<IngestedRecord> source(List<GeneratedRecord> records, PlayPulseConfig config) {
        byte[][] keys = records.stream().map(r -> r.key().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        byte[][] values = records.stream().map(GeneratedRecord::value).toArray(byte[][]::new);
        EventParser parser = new EventParser(config.get(MAX_PAYLOAD_BYTES), config.get(MAX_EVENT_AGE), config.get(MAX_CLOCK_SKEW));
        return new DataGeneratorSource<>(new Deserialize(keys, values, new GameEventDeserializer(parser)),
                records.size(), TypeInformation.of(IngestedRecord.class));
    }

    private record Deserialize(byte[][] keys, byte[][] values, GameEventDeserializer deserializer)
            implements GeneratorFunction<Long, IngestedRecord> {
        @Override
        public IngestedRecord map(Long offset) {
            int i = Math.toIntExact(offset);
            List<IngestedRecord> out = new ArrayList<>(1);
            deserializer.deserialize(new ConsumerRecord<>(TOPIC, 0, offset, keys[i], values[i]), new ListCollector<>(out));
            return out.get(0);
        }
    }

    private void assertCleanEvents(Map<String, GameEvent> distinct, Set<String> late) {
        List<GameEvent> stored = outputs.written(GameEvent.TABLE.name());
        assertThat(stored).hasSize(distinct.size());
        assertThat(stored.stream().map(e -> e.eventId).collect(Collectors.toSet())).isEqualTo(distinct.keySet());
        assertThat(stored.stream().filter(e -> e.late).map(e -> e.eventId).collect(Collectors.toSet()))
                .as("late events: stored, flagged").isEqualTo(late);
    }

    private void assertDeadLetters(GeneratedInput input) {
        Map<Long, String> expected = new HashMap<>();
        Map<Long, byte[]> expectedBytes = new HashMap<>();
        for (GeneratedInput.Sent s : input.malformed()) {
            expected.put(s.offset(), s.record().expectedReason().name());
            expectedBytes.put(s.offset(), s.record().value());
        }
        for (String output : List.of(CollectingOutputs.DEAD_LETTER_TOPIC, RejectedRecord.TABLE.name())) {
            List<RejectedRecord> letters = outputs.written(output);
            Map<Long, String> reasons = new HashMap<>();
            for (RejectedRecord r : letters) {
                assertThat(reasons.put(r.sourceOffset, r.reason.name())).as("%s: offset %d once", output, r.sourceOffset).isNull();
                assertThat(r.payload).as("original bytes of %d", r.sourceOffset).isEqualTo(expectedBytes.get(r.sourceOffset));
                assertThat(r.detail).isNotBlank();
            }
            assertThat(reasons).as(output).isEqualTo(expected);
        }
    }

    /** Events and revenue per minute against a recompute from the on-time events, for every closed minute. */
    private void assertKpis(Map<String, GameEvent> distinct, Set<String> late, long closedUntilMs) {
        List<GameEvent> onTime = distinct.values().stream().filter(e -> !late.contains(e.eventId)).toList();
        Map<List<Object>, List<Long>> expectedEvents = new HashMap<>();
        Map<List<Object>, Set<Long>> users = new HashMap<>();
        Map<List<Object>, List<Long>> expectedRevenue = new HashMap<>();
        for (GameEvent e : onTime) {
            long minute = Math.floorDiv(e.timestampMs, MINUTE) * MINUTE;
            List<Object> key = List.of(minute, e.eventType.name(), e.platform);
            users.computeIfAbsent(key, k -> new HashSet<>()).add(e.userId);
            expectedEvents.merge(key, List.of(1L, 0L), (a, b) -> List.of(a.get(0) + 1, 0L));
            if (e.eventType.isMoney()) {
                expectedRevenue.merge(List.of(minute, e.platform, e.currency), List.of(e.revenueMinorUnits(), 1L),
                        (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + 1));
            }
        }
        users.forEach((key, set) -> expectedEvents.put(key, List.of(expectedEvents.get(key).get(0), (long) set.size())));

        Map<List<Object>, List<Long>> storedEvents = latestClosed(
                outputs.<EventsPerMinute>written(EventsPerMinute.TABLE.name()),
                r -> List.of(r.windowStartMs, r.eventType.name(), r.platform), r -> List.of(r.events, r.users),
                closedUntilMs);
        assertThat(storedEvents).as("kpi_events_per_minute").hasSizeGreaterThan(500)
                .isEqualTo(closedOnly(expectedEvents, closedUntilMs));
        Map<List<Object>, List<Long>> storedRevenue = latestClosed(
                outputs.<DashboardRevenue>written(DashboardRevenue.TABLE.name()),
                r -> List.of(r.windowStartMs, r.platform, r.currency), r -> List.of(r.revenue, r.transactions),
                closedUntilMs);
        assertThat(storedRevenue).as("kpi_dashboard_revenue_minute").isNotEmpty()
                .isEqualTo(closedOnly(expectedRevenue, closedUntilMs));
    }

    /** A later firing of a window replaces the earlier row (ReplacingMergeTree); only closed minutes count. */
    private static <T> Map<List<Object>, List<Long>> latestClosed(List<T> rows, Function<T, List<Object>> key,
            Function<T, List<Long>> values, long closedUntilMs) {
        Map<List<Object>, List<Long>> latest = new LinkedHashMap<>();
        rows.forEach(r -> latest.put(key.apply(r), values.apply(r)));
        return closedOnly(latest, closedUntilMs);
    }

    private static Map<List<Object>, List<Long>> closedOnly(Map<List<Object>, List<Long>> byMinuteFirst, long closedUntilMs) {
        Map<List<Object>, List<Long>> closed = new HashMap<>();
        byMinuteFirst.forEach((key, value) -> {
            if ((long) key.get(0) + MINUTE <= closedUntilMs) {
                closed.put(key, value);
            }
        });
        return closed;
    }

    private void assertAlerts(AlertOracle oracle, long closedUntilMs, long latenessMs, boolean incidentsRequired) {
        List<Alert> paged = outputs.written(CollectingOutputs.ALERTS_TOPIC);
        Map<String, Set<String>> idsByRule = new HashMap<>();
        Map<String, Set<Long>> usersByRule = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Alert a : paged) {
            assertThat(ids.add(a.alertId)).as("alert %s once", a.alertId).isTrue();
            boolean judged = a.windowEndMs + latenessMs <= closedUntilMs;
            if (!AlertOracle.BUCKETED_RULES.contains(a.rule) || judged) {
                idsByRule.computeIfAbsent(a.rule, k -> new HashSet<>()).add(a.alertId);
            }
            if (a.userId != null) {
                usersByRule.computeIfAbsent(a.rule, k -> new HashSet<>()).add(a.userId);
            }
        }
        assertThat(idsByRule.getOrDefault("client_crash", Set.of())).isEqualTo(oracle.clientCrash());
        assertThat(idsByRule.getOrDefault("high_value_payment", Set.of())).isEqualTo(oracle.highValuePayments());
        Map<List<Object>, Long> ccuByKey = new LinkedHashMap<>();
        for (CcuMinute r : outputs.<CcuMinute>written(CcuMinute.TABLE.name())) {
            ccuByKey.put(List.of(r.windowStartMs, r.serverId, r.platform), r.ccu);
        }
        // CCU itself is recomputed in EndToEndIT only (by SQL); here the floor rule is held to the job's CCU rows.
        Map<Long, Long> ccuByMinute = new HashMap<>();
        ccuByKey.forEach((key, ccu) -> ccuByMinute.merge((Long) key.get(0), ccu, Long::sum));
        Map<String, Set<String>> expectedBucketed = Map.of(
                "crash_spike", oracle.crashSpikes(closedUntilMs),
                "logout_surge", oracle.logoutSurges(closedUntilMs),
                "revenue_drop", oracle.revenueDrops(closedUntilMs),
                "server_health", oracle.serverHealth(closedUntilMs),
                "ccu_floor", oracle.ccuFloor(ccuByMinute, closedUntilMs));
        expectedBucketed.forEach((rule, expected) -> {
            assertThat(idsByRule.getOrDefault(rule, Set.of())).as(rule).isEqualTo(expected);
            if (incidentsRequired) {
                assertThat(expected).as("%s must fire on the simulated incidents", rule).isNotEmpty();
            }
        });

        Set<Long> flagged = new HashSet<>();
        for (String rule : List.of(MacroRules.SKILL_BURST, MacroRules.REPEATED_SKILL, MacroRules.ACTION_RATE,
                MacroRules.ABNORMAL_DAMAGE)) {
            flagged.addAll(usersByRule.getOrDefault(rule, Set.of()));
        }
        Set<Long> bots = oracle.bots();
        assertThat(bots).hasSizeGreaterThanOrEqualTo(6);
        assertThat(flagged).as("every bot paged, and no ordinary player").isEqualTo(bots);

        List<Alert> stored = outputs.written(Alert.TABLE.name());
        assertThat(stored.stream().map(a -> a.alertId).toList())
                .as("the alerts table holds what the topic holds").containsExactlyInAnyOrderElementsOf(ids);
    }

    /**
     * Every on-time logout scores its session with the shipped model, as EndToEndIT checks it, and the
     * end of the input scores no midnight after the last event.
     */
    private void assertChurnScores(Map<String, GameEvent> distinct, Set<String> late) throws Exception {
        ChurnModel model = ChurnModel.read(CHURN_MODEL);
        long lastEventMs = distinct.values().stream().mapToLong(e -> e.timestampMs).max().orElseThrow();
        Set<String> sessionEnds = new HashSet<>();
        for (ChurnPrediction p : outputs.<ChurnPrediction>written(ChurnPrediction.TABLE.name())) {
            assertThat(p.churnProbability).isCloseTo(model.probability(p.features), within(1e-12));
            assertThat(p.riskLevel).isEqualTo(ChurnModel.riskLevel(p.churnProbability));
            if (p.trigger.equals("session_end")) {
                sessionEnds.add(p.userId + "@" + p.predictedAtMs);
            } else {
                assertThat(p.predictedAtMs).as("a daily score's midnight").isLessThanOrEqualTo(lastEventMs);
            }
        }
        Set<String> logouts = new HashSet<>();
        Map<Long, Long> latestSeen = new HashMap<>();
        for (GameEvent e : distinct.values()) {
            if (late.contains(e.eventId)) {
                continue;
            }
            long latest = latestSeen.merge(e.userId, e.timestampMs, Math::max);
            if (e.eventType == EventType.USER_LOGOUT && e.timestampMs == latest) {
                logouts.add(e.userId + "@" + e.timestampMs);
            }
        }
        assertThat(logouts).hasSizeGreaterThan(100);
        assertThat(sessionEnds).as("every on-time logout scores its session").containsAll(logouts);
    }
}
