package io.playpulse.it;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.it.LiveServices.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static io.playpulse.it.JobRunner.unchecked;
import static io.playpulse.it.TopicReader.header;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.alert.Rules;
import io.playpulse.churn.TrainingSet;
import io.playpulse.churn.ChurnModel;
import io.playpulse.events.EventType;
import io.playpulse.detect.MacroRules;
import io.playpulse.events.GameEvent;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.sink.KafkaSinks;
import io.playpulse.tools.GeneratedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof, against the real broker and the real ClickHouse server: up to four hours of simulated
 * traffic across a midnight (UTC), with retries, disorder, late and malformed records, go through
 * the production job, and every output is compared with what the input implies: the stored events,
 * the dead letters, the alerts, and every KPI table against its recompute query in sql/queries.
 * The other tests put faults in the middle of the stream, after two completed checkpoints (see
 * {@link Fault}: a TaskManager killed, ClickHouse or the broker stopped and started again through
 * scripts/services.sh), and expect exactly the same outputs, and the job fresh again soon after
 * each. One stream takes the faults the job rides out in turn, so the suite pays for one stream.
 */
class EndToEndIT {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration LATENESS = Duration.ofSeconds(60);
    private static final Path CHURN_MODEL = Path.of("models", "churn-v1.json");

    @TempDir
    Path checkpoints;

    /** What goes wrong mid-stream, after two completed checkpoints; each fault's {@link #needs} is the wall time it takes. */
    enum Fault {
        /** ClickHouse is stopped for 60 s: the sinks retry and backpressure, the job never fails. */
        CLICKHOUSE_OUTAGE(Duration.ofSeconds(60)),
        /** The broker is stopped for 20 s and started again. */
        BROKER_RESTART(Duration.ofSeconds(20)),
        /** The TaskManager dies (all tasks with it) and a fresh one takes over. */
        TASK_MANAGER_CRASH(Duration.ZERO),
        /** ClickHouse is stopped for 30 s with a 10 s retry budget: the job fails, restarts and recovers by itself. */
        CLICKHOUSE_OUTAGE_BEYOND_RETRY_BUDGET(Duration.ofSeconds(30));

        final Duration outage;

        Fault(Duration outage) {
            this.outage = outage;
        }

        boolean stopsAService() {
            return !outage.isZero();
        }

        /** The outage, the service's stop and start, and the catch-up after it (or a TaskManager's recovery). */
        Duration needs() {
            return stopsAService() ? outage.plus(SERVICE_STOP_AND_START).plus(CATCH_UP_LIMIT) : Duration.ofSeconds(15);
        }
    }

    /** After a service returns, the job must be this fresh again within {@link #CATCH_UP_LIMIT}. */
    private static final Duration FRESHNESS_BOUND = Duration.ofSeconds(2);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(30);
    private static final Duration SERVICE_STOP_AND_START = Duration.ofSeconds(10);
    /** Paced traffic covers the job's start and two checkpoints before the first fault, and outlasts the last one by this margin. */
    private static final Duration BEFORE_THE_FIRST_FAULT = Duration.ofSeconds(30);
    private static final Duration AFTER_THE_LAST_FAULT = Duration.ofSeconds(20);
    /**
     * A faster pace builds a backlog during an outage that takes most of {@link #CATCH_UP_LIMIT} to clear:
     * 23 s at 600/s, and up to 22 s at 320/s on a slow run of this machine.
     */
    private static final int MOST_RECORDS_PER_SECOND = 300;

    /** Two simulated hours each side of midnight: the crash storm, the mass disconnect and the store outage all happen. */
    @Test
    void everyOutputIsExactlyWhatTheInputImplies() throws Exception {
        run(7L, Duration.ofHours(2), List.of());
    }

    /**
     * One stream through three faults in turn, each ridden out before the next; the outputs must not show any of them.
     * 90 simulated minutes each side still hold every incident (the store outage ends at 170 minutes), and at the
     * most records per second they last the 225 s the faults need.
     */
    @Test
    void everyOutputIsStillExactThroughAClickHouseOutageABrokerRestartAndATaskManagerCrash() throws Exception {
        run(13L, Duration.ofMinutes(90), List.of(Fault.CLICKHOUSE_OUTAGE, Fault.BROKER_RESTART, Fault.TASK_MANAGER_CRASH));
    }

    /** 55 simulated minutes each side (the crash storm) last about 150 s at the most records per second: the fault needs 120. */
    @Test
    void aClickHouseOutageLongerThanTheRetryBudgetRestartsTheJobWhichRecoversByItself() throws Exception {
        run(17L, Duration.ofMinutes(55), List.of(Fault.CLICKHOUSE_OUTAGE_BEYOND_RETRY_BUDGET));
    }

    private void run(long seed, Duration eachSideOfMidnight, List<Fault> faults) throws Exception {
        String name = unique("e2e");
        String eventsTopic = name + "-events";
        String dlqTopic = name + "-dlq";
        String alertsTopic = name + "-alerts";
        LiveServices.createTopics(Map.of(eventsTopic, 4, dlqTopic, 2, alertsTopic, 2));
        ClickHouseHttp ch = LiveServices.freshDatabase("it_e2e");

        Map<String, String> settings = LiveServices.jobSettings(name, ch);
        settings.put("clickhouse.batch-size", "500");
        settings.put("clickhouse.flush-interval", "500 ms");
        settings.put("checkpoint-interval", "1 s");
        settings.put("event-time.out-of-orderness", "5 s");
        settings.put("event-time.allowed-lateness", "60 s");
        settings.put("alert.ccu-floor", "30");
        settings.put("churn.model", CHURN_MODEL.toString());
        if (faults.contains(Fault.CLICKHOUSE_OUTAGE_BEYOND_RETRY_BUDGET)) {
            settings.put("clickhouse.retry-budget", "10 s");
        }
        PlayPulseConfig config = PlayPulseConfig.of(settings);

        long midnight = recentMidnightWithTwoHoursAfter();
        List<GeneratedRecord> records = GeneratedInput.aroundMidnight(seed, midnight, eachSideOfMidnight, BOUND, LATENESS);

        // On the heap state flink-conf ships; PlayPulseWorkflowTest runs the graph on RocksDB too.
        try (JobRunner runner = new JobRunner(2, "hashmap", checkpoints)) {
            runner.start(config);
            // Paced so that the traffic spans every fault; the clean run sends as fast as it can.
            Duration sendingFor = faults.stream().map(Fault::needs)
                    .reduce(BEFORE_THE_FIRST_FAULT.plus(AFTER_THE_LAST_FAULT), Duration::plus);
            int pace = faults.isEmpty() ? 0
                    : (int) Math.min(MOST_RECORDS_PER_SECOND, records.size() / sendingFor.toSeconds());
            long sendingStarted = System.nanoTime();
            CompletableFuture<GeneratedInput> sending = GeneratedInput.send(eventsTopic, records, pace);
            if (!faults.isEmpty()) {
                JobRunner.await("two completed checkpoints and rows in ClickHouse", Duration.ofMinutes(2),
                        () -> unchecked(() -> runner.completedCheckpoints() >= 2
                                && ch.count("SELECT count() FROM game_events") > 0));
            }
            long restoredBeforeTheCrash = 0;
            for (Fault fault : faults) {
                assertThat(sending).as("%s must hit mid-stream", fault).isNotDone();
                long restartsBefore = runner.restarts();
                Set<String> taskManagersBefore = runner.taskManagers();
                switch (fault) {
                    case TASK_MANAGER_CRASH -> {
                        restoredBeforeTheCrash = runner.restoredCheckpoints();
                        runner.crashTaskManager();
                    }
                    case CLICKHOUSE_OUTAGE, CLICKHOUSE_OUTAGE_BEYOND_RETRY_BUDGET -> LiveServices.outage("clickhouse", fault.outage);
                    case BROKER_RESTART -> LiveServices.outage("kafka", fault.outage);
                }
                if (fault.stopsAService()) {
                    long returned = System.nanoTime();
                    Duration caughtUp = catchUp(ch, records, sendingStarted, pace, returned);
                    System.out.printf("[%s] back within %d s of the service's return: %d ms; restarts: %d%n",
                            fault, FRESHNESS_BOUND.toSeconds(), caughtUp.toMillis(), runner.restarts());
                    assertThat(caughtUp).as("fresh again within %s of the return", CATCH_UP_LIMIT)
                            .isLessThanOrEqualTo(CATCH_UP_LIMIT);
                    assertThat(sending).as("traffic still flowing when the job had caught up").isNotDone();
                }
                if (fault == Fault.CLICKHOUSE_OUTAGE || fault == Fault.BROKER_RESTART) {
                    assertThat(runner.restarts()).as("%s within its limit never fails the job", fault).isEqualTo(restartsBefore);
                }
                if (fault == Fault.CLICKHOUSE_OUTAGE_BEYOND_RETRY_BUDGET) {
                    assertThat(runner.restarts()).as("past the retry budget the job restarts").isGreaterThan(restartsBefore);
                }
                if (fault.stopsAService()) {
                    assertThat(runner.taskManagers()).as("%s restarts at most the job, never the TaskManager", fault)
                            .isEqualTo(taskManagersBefore);
                }
            }
            // Paced sending takes records / pace seconds, and a broker outage stalls the producer on top.
            long sendingLimitSeconds = 120 + (pace == 0 ? 0 : records.size() / pace);
            GeneratedInput input = sending.get(sendingLimitSeconds, TimeUnit.SECONDS);

            Map<String, GameEvent> distinct = input.distinctValidEvents();
            Set<String> late = input.lateEventIds(BOUND, LATENESS);
            long closedUntilMs = input.lowestPartitionHighMark() - BOUND.toMillis();
            AlertOracle oracle = new AlertOracle(input, config, late);
            Set<String> expectedAlertIds = new HashSet<>(oracle.clientCrash());
            expectedAlertIds.addAll(oracle.highValuePayments());
            expectedAlertIds.addAll(oracle.crashSpikes(closedUntilMs));
            expectedAlertIds.addAll(oracle.logoutSurges(closedUntilMs));
            expectedAlertIds.addAll(oracle.revenueDrops(closedUntilMs));
            expectedAlertIds.addAll(oracle.serverHealth(closedUntilMs));
            assertThat(late).as("the stream must exercise late events").isNotEmpty();
            assertThat(input.malformed()).as("and malformed ones").hasSizeGreaterThan(20);
            assertThat(expectedAlertIds).as("and crashes").isNotEmpty();

            boolean complete = JobRunner.within(Duration.ofMinutes(6), () -> unchecked(() ->
                    ch.count("SELECT count() FROM game_events FINAL") == distinct.size()
                            && ch.count("SELECT count() FROM rejected_events FINAL") == input.malformed().size()
                            && KpiCheck.mismatchesOfAll(ch, closedUntilMs).isEmpty()
                            && alertIds(TopicReader.readCommitted(alertsTopic)).containsAll(expectedAlertIds)
                            && TopicReader.readCommitted(dlqTopic).size() >= input.malformed().size()));
            if (complete) {
                // Give duplicates, if the job made any, two more checkpoints to show up.
                long checkpointsNow = runner.completedCheckpoints();
                JobRunner.await("two more checkpoints", Duration.ofMinutes(1),
                        () -> unchecked(() -> runner.completedCheckpoints() >= checkpointsNow + 2));
            }
            // Whether or not everything arrived in time, the assertions say what differs.

            assertCleanEvents(ch, distinct, late);
            assertDeadLetters(ch, dlqTopic, input);
            assertThat(KpiCheck.mismatchesOfAll(ch, closedUntilMs)).as("KPI tables against sql/queries").isEmpty();
            assertKpisAreNotTrivial(ch, midnight, closedUntilMs);
            assertAlerts(ch, alertsTopic, oracle, closedUntilMs, config.get(ALLOWED_LATENESS).toMillis());
            assertChurnScores(ch, distinct, late, midnight);
            if (faults.contains(Fault.TASK_MANAGER_CRASH)) {
                assertThat(runner.restoredCheckpoints()).as("the job restarted from a checkpoint after the crash")
                        .isGreaterThan(restoredBeforeTheCrash);
            }
            if (faults.isEmpty()) {
                assertThat(runner.restarts()).as("no record, poison ones included, fails the job").isZero();
            }
        } finally {
            LiveServices.dropDatabase(ch);
        }
    }

    /**
     * How long after {@code returnedNanos} the job was fresh again: 99% of the distinct valid events
     * sent more than {@link #FRESHNESS_BOUND} ago are in game_events. Polls up to twice the limit.
     */
    private static Duration catchUp(ClickHouseHttp ch, List<GeneratedRecord> records, long sendingStartedNanos,
            int recordsPerSecond, long returnedNanos) throws Exception {
        while (System.nanoTime() - returnedNanos < 2 * CATCH_UP_LIMIT.toNanos()) {
            long checkedAt = System.nanoTime();
            long sentBefore = (checkedAt - sendingStartedNanos - FRESHNESS_BOUND.toNanos()) * recordsPerSecond / 1_000_000_000L;
            Set<String> due = new HashSet<>();
            for (int i = 0; i < Math.min(sentBefore, records.size()); i++) {
                if (records.get(i).kind() != GeneratedRecord.Kind.MALFORMED) {
                    due.add(records.get(i).event().eventId);
                }
            }
            try {
                Set<String> stored = ch.query("SELECT DISTINCT event_id FROM game_events").stream()
                        .map(r -> r.get("event_id")).collect(Collectors.toSet());
                long present = due.stream().filter(stored::contains).count();
                if (present >= 0.99 * due.size()) {
                    return Duration.ofNanos(checkedAt - returnedNanos);
                }
            } catch (IOException serviceStillStarting) {
                // ClickHouse may take a moment to answer after its start.
            }
            Thread.sleep(2000);
        }
        return Duration.ofNanos(System.nanoTime() - returnedNanos);
    }

    private static void assertCleanEvents(ClickHouseHttp ch, Map<String, GameEvent> distinct, Set<String> late)
            throws IOException {
        assertThat(ch.count("SELECT uniqExact(event_id) FROM game_events FINAL")).isEqualTo(distinct.size());
        assertThat(ch.count("SELECT count() FROM game_events FINAL")).isEqualTo(distinct.size());
        Set<String> stored = ch.query("SELECT event_id FROM game_events FINAL").stream()
                .map(r -> r.get("event_id")).collect(Collectors.toSet());
        assertThat(stored).isEqualTo(distinct.keySet());
        Set<String> storedLate = ch.query("SELECT event_id FROM game_events FINAL WHERE is_late = 1").stream()
                .map(r -> r.get("event_id")).collect(Collectors.toSet());
        assertThat(storedLate).as("late events: stored, flagged").isEqualTo(late);

        // Typed columns, checked through per-type sums against the simulation's truth.
        Map<String, List<Long>> expected = new TreeMap<>();
        for (GameEvent e : distinct.values()) {
            List<Long> sums = expected.computeIfAbsent(e.eventType.name(), k -> new ArrayList<>(List.of(0L, 0L, 0L, 0L, 0L)));
            sums.set(0, sums.get(0) + 1);
            sums.set(1, sums.get(1) + e.userId);
            sums.set(2, sums.get(2) + e.revenueMinorUnits());
            sums.set(3, sums.get(3) + (e.damage == null ? 0 : e.damage) + (e.damageDealt == null ? 0 : e.damageDealt));
            sums.set(4, sums.get(4) + (e.level == null ? 0 : e.level) + (e.toLevel == null ? 0 : e.toLevel));
        }
        Map<String, List<Long>> actual = new TreeMap<>();
        for (Map<String, String> r : ch.query("SELECT toString(event_type) AS t, count() AS n, sum(user_id) AS users, "
                + "sum(ifNull(price, 0) + ifNull(amount, 0)) AS revenue, "
                + "sum(ifNull(damage, 0) + ifNull(damage_dealt, 0)) AS damage, "
                + "sum(ifNull(level, 0) + ifNull(to_level, 0)) AS levels FROM game_events FINAL GROUP BY t")) {
            actual.put(r.get("t"), List.of(Long.parseLong(r.get("n")), Long.parseLong(r.get("users")),
                    Long.parseLong(r.get("revenue")), Long.parseLong(r.get("damage")), Long.parseLong(r.get("levels"))));
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static void assertDeadLetters(ClickHouseHttp ch, String dlqTopic, GeneratedInput input) throws IOException {
        Map<String, String> expectedReasonByCoordinates = new HashMap<>();
        Map<String, byte[]> expectedBytesByCoordinates = new HashMap<>();
        for (GeneratedInput.Sent s : input.malformed()) {
            String at = s.partition() + "@" + s.offset();
            expectedReasonByCoordinates.put(at, s.record().expectedReason().name());
            expectedBytesByCoordinates.put(at, s.record().value());
        }

        List<ConsumerRecord<byte[], byte[]>> dlq = TopicReader.readCommitted(dlqTopic);
        Map<String, String> reasonByCoordinates = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            String at = header(r, KafkaSinks.HEADER_SOURCE_PARTITION) + "@" + header(r, KafkaSinks.HEADER_SOURCE_OFFSET);
            assertThat(reasonByCoordinates.put(at, header(r, KafkaSinks.HEADER_REASON)))
                    .as("dead letter for %s exactly once", at).isNull();
            assertThat(r.value()).as("original bytes of %s", at).isEqualTo(expectedBytesByCoordinates.get(at));
            assertThat(header(r, KafkaSinks.HEADER_DETAIL)).isNotBlank();
        }
        assertThat(reasonByCoordinates).isEqualTo(expectedReasonByCoordinates);

        Map<String, String> tableReasons = new HashMap<>();
        for (Map<String, String> r : ch.query(
                "SELECT source_partition, source_offset, toString(reason) AS reason FROM rejected_events FINAL")) {
            tableReasons.put(r.get("source_partition") + "@" + r.get("source_offset"), r.get("reason"));
        }
        assertThat(tableReasons).isEqualTo(expectedReasonByCoordinates);
    }

    /** The comparison above is only worth something if the tables hold what the issue asks for. */
    private static void assertKpisAreNotTrivial(ClickHouseHttp ch, long midnight, long closedUntilMs)
            throws IOException {
        assertThat(ch.count("SELECT count() FROM kpi_ccu_minute FINAL WHERE ccu > 0")).isGreaterThan(200);
        assertThat(ch.count("SELECT uniqExact(server_id) FROM kpi_ccu_minute FINAL")).isEqualTo(5);
        assertThat(ch.count("SELECT uniqExact(platform) FROM kpi_dashboard_minute FINAL")).isEqualTo(3);
        assertThat(ch.count("SELECT uniqExact(currency) FROM kpi_revenue FINAL")).isGreaterThanOrEqualTo(3);
        assertThat(ch.count("SELECT count() FROM kpi_revenue FINAL WHERE granularity = '1d'")).isPositive();
        assertThat(ch.count("SELECT sum(logout_users) FROM kpi_dashboard_minute FINAL")).isPositive();
        assertThat(ch.count("SELECT countIf(level > 0) FROM kpi_gameplay_10min FINAL")).isPositive();
        // Yesterday closed at midnight: its final rows; today is updated minute by minute.
        long yesterday = (midnight - Duration.ofDays(1).toMillis()) / 1000;
        assertThat(ch.count("SELECT count() FROM kpi_daily_players FINAL WHERE day = toDate(toDateTime(" + yesterday
                + ")) AND is_final = 1 AND as_of = toDateTime(" + midnight / 1000 + ")")).isEqualTo(3);
        assertThat(ch.count("SELECT min(toUInt64(as_of)) FROM kpi_daily_players FINAL WHERE day = toDate(toDateTime("
                + midnight / 1000 + "))")).isGreaterThanOrEqualTo(closedUntilMs / 1000 - 120);
        assertThat(ch.count("SELECT sum(new_players) FROM kpi_daily_players FINAL")).isPositive();
        assertThat(ch.count("SELECT sum(returning_players) FROM kpi_daily_players FINAL")).isPositive();
    }

    /** The latest UTC midnight with two hours of past after it, so the stream closes one day and opens the next. */
    private static long recentMidnightWithTwoHoursAfter() {
        long day = Duration.ofDays(1).toMillis();
        long now = System.currentTimeMillis();
        long midnight = Math.floorDiv(now, day) * day;
        return now - midnight >= Duration.ofHours(2).plusMinutes(5).toMillis() ? midnight : midnight - day;
    }

    private static Set<String> alertIds(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ids.add(AlertJson.parse(r.value()).get("alert_id").asText());
        }
        return ids;
    }

    private static void assertAlerts(ClickHouseHttp ch, String alertsTopic, AlertOracle oracle, long closedUntilMs,
            long latenessMs) throws IOException {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readCommitted(alertsTopic);
        Map<String, Set<String>> idsByRule = new TreeMap<>();
        Map<String, Set<Long>> usersByRule = new TreeMap<>();
        Map<String, String> topicView = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode alert = AlertJson.parse(r.value());
            String id = alert.get("alert_id").asText();
            String rule = alert.get("rule").asText();
            assertThat(topicView.containsKey(id)).as("alert %s exactly once", id).isFalse();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(alert.get("dedup_key").asText());
            assertThat(Rules.all()).containsKey(rule);
            assertThat(alert.get("severity").asText()).isEqualTo(Rules.get(rule).severity().wireName());
            assertThat(alert.get("runbook").asText()).isNotBlank();
            boolean judged = Instant.parse(alert.get("window_end").asText()).toEpochMilli() + latenessMs <= closedUntilMs;
            if (!AlertOracle.BUCKETED_RULES.contains(rule) || judged) {
                idsByRule.computeIfAbsent(rule, k -> new HashSet<>()).add(id);
            }
            if (!alert.get("user_id").isNull()) {
                usersByRule.computeIfAbsent(rule, k -> new HashSet<>()).add(alert.get("user_id").asLong());
            }
            topicView.put(id, rule + " " + alert.get("severity").asText() + " " + alert.get("dedup_key").asText() + " "
                    + alert.get("user_id").asText() + " " + alert.get("event_count").asText());
        }

        assertThat(idsByRule.get("client_crash")).isEqualTo(oracle.clientCrash());
        assertThat(idsByRule.get("high_value_payment")).isEqualTo(oracle.highValuePayments());
        assertThat(idsByRule.get("crash_spike")).isEqualTo(oracle.crashSpikes(closedUntilMs)).isNotEmpty();
        assertThat(idsByRule.get("logout_surge")).isEqualTo(oracle.logoutSurges(closedUntilMs)).isNotEmpty();
        assertThat(idsByRule.get("revenue_drop")).isEqualTo(oracle.revenueDrops(closedUntilMs)).isNotEmpty();
        assertThat(idsByRule.get("server_health")).isEqualTo(oracle.serverHealth(closedUntilMs)).isNotEmpty();
        Map<Long, Long> ccuByMinute = new HashMap<>();
        for (Map<String, String> r : ch.query(
                "SELECT toUInt64(minute) * 1000 AS m, sum(ccu) AS ccu FROM kpi_ccu_minute FINAL GROUP BY m")) {
            ccuByMinute.put(Long.parseLong(r.get("m")), Long.parseLong(r.get("ccu")));
        }
        assertThat(idsByRule.get("ccu_floor")).isEqualTo(oracle.ccuFloor(ccuByMinute, closedUntilMs)).isNotEmpty();

        // Bots: every player a macro or bot rule paged must be a bot, and every bot must be paged.
        Set<Long> flagged = new HashSet<>();
        for (String rule : List.of(MacroRules.SKILL_BURST, MacroRules.REPEATED_SKILL, MacroRules.ACTION_RATE,
                MacroRules.ABNORMAL_DAMAGE)) {
            flagged.addAll(usersByRule.getOrDefault(rule, Set.of()));
        }
        Set<Long> bots = oracle.bots();
        Set<Long> caught = new HashSet<>(flagged);
        caught.retainAll(bots);
        double precision = flagged.isEmpty() ? 0 : (double) caught.size() / flagged.size();
        double recall = bots.isEmpty() ? 0 : (double) caught.size() / bots.size();
        System.out.printf("bot detection: %d bots, %d flagged, precision %.3f, recall %.3f%n", bots.size(),
                flagged.size(), precision, recall);
        assertThat(bots).hasSizeGreaterThanOrEqualTo(6);
        assertThat(precision).as("no page for ordinary players").isGreaterThanOrEqualTo(0.99);
        assertThat(recall).isGreaterThanOrEqualTo(0.99);

        Map<String, String> tableView = new HashMap<>();
        for (Map<String, String> r : ch.query("SELECT alert_id, rule, toString(severity) AS severity, dedup_key, "
                + "user_id, event_count FROM alerts FINAL")) {
            tableView.put(r.get("alert_id"), r.get("rule") + " " + r.get("severity") + " " + r.get("dedup_key") + " "
                    + (r.get("user_id") == null ? "null" : r.get("user_id")) + " " + r.get("event_count"));
        }
        assertThat(tableView).as("the alerts table matches the topic").isEqualTo(topicView);
    }

    /**
     * Every on-time logout scores its session; every player seen before the midnight is scored at it;
     * each score is the shipped model's, and each high-risk player-day paged (checked with the alerts).
     */
    private static void assertChurnScores(ClickHouseHttp ch, Map<String, GameEvent> distinct, Set<String> late,
            long midnight) throws IOException {
        ChurnModel model = ChurnModel.read(CHURN_MODEL);
        Set<String> sessionEnds = new HashSet<>();
        Set<Long> scoredAtMidnight = new HashSet<>();
        Set<String> highRiskDays = new HashSet<>();
        for (Map<String, String> r : ch.query("SELECT * FROM churn_predictions FINAL")) {
            double[] features = TrainingSet.features(r);
            double probability = Double.parseDouble(r.get("churn_probability"));
            assertThat(probability).isCloseTo(model.probability(features), within(1e-12));
            assertThat(r.get("risk_level")).isEqualTo(ChurnModel.riskLevel(probability));
            assertThat(r.get("model_version")).isEqualTo(model.version());
            long at = Long.parseLong(r.get("predicted_at_ms"));
            if (r.get("trigger").equals("session_end")) {
                sessionEnds.add(r.get("user_id") + "@" + at);
            } else if (at == midnight) {
                scoredAtMidnight.add(Long.parseLong(r.get("user_id")));
            }
            if (r.get("risk_level").equals("high")) {
                highRiskDays.add(Alert.idFor("churn_risk", r.get("user_id") + "|" + Math.floorDiv(at, 86_400_000L)));
            }
        }
        // A logout that arrives after a later event of its player (a quick re-login delivered first)
        // closes the session at that later event (docs/churn.md, sessions): checked only in order.
        Set<String> logouts = new HashSet<>();
        Set<Long> beforeMidnight = new HashSet<>();
        Map<Long, Long> latestSeen = new HashMap<>();
        for (GameEvent e : distinct.values()) { // in the order they were sent: a player's order in Kafka
            if (late.contains(e.eventId)) {
                continue;
            }
            long latest = latestSeen.merge(e.userId, e.timestampMs, Math::max);
            if (e.eventType == EventType.USER_LOGOUT && e.timestampMs == latest) {
                logouts.add(e.userId + "@" + e.timestampMs);
            }
            if (e.timestampMs < midnight) {
                beforeMidnight.add(e.userId);
            }
        }
        assertThat(logouts).hasSizeGreaterThan(100);
        assertThat(sessionEnds).as("every on-time logout scores its session").containsAll(logouts);
        assertThat(scoredAtMidnight).as("every player seen before midnight is scored at it").isEqualTo(beforeMidnight);

        Set<String> paged = new HashSet<>();
        for (Map<String, String> r : ch.query("SELECT alert_id FROM alerts FINAL WHERE rule = 'churn_risk'")) {
            paged.add(r.get("alert_id"));
        }
        assertThat(paged).as("one retention alert per high-risk player and day").isEqualTo(highRiskDays);
    }
}
