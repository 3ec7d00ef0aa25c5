package io.playpulse.it;

import static io.playpulse.config.PlayPulseOptions.OUT_OF_ORDERNESS;
import static io.playpulse.it.JobRunner.unchecked;
import static io.playpulse.it.TopicReader.header;

import io.playpulse.alert.AlertJson;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.sink.KafkaSinks;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.GeneratedRecord.Kind;
import io.playpulse.tools.Incidents;
import io.playpulse.tools.SimulationSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The soak: live simulated traffic at a steady rate through the job on a real multi-process cluster
 * (scripts/cluster.sh), while TaskManagers are SIGKILLed, ClickHouse is stopped, the broker
 * restarted and the JobManager killed (the job then resumed from its newest retained checkpoint),
 * at random moments. Afterwards every output is checked against what was sent: each distinct valid
 * event stored once, each dead letter once in topic and table, no alert twice and the alert topic
 * equal to the alerts table, every KPI row equal to its recompute query. The input is tallied as it
 * is acknowledged, not kept, so ten million events fit in a small heap.
 *
 * <p>{@code ClusterSoakIT} runs a short plan in the suite; scripts/soak.sh runs {@link #main} with the
 * full one.
 */
public final class ClusterSoak {
    /** A stored event is fresh when its event time is within this of the wall clock (the traffic is live). */
    static final Duration FRESH = Duration.ofSeconds(5);
    /** A fault must be recovered from (fresh again) within this, or the soak reports it. */
    static final Duration RECOVERY_LIMIT = Duration.ofMinutes(3);
    private static final Duration COMPLETION_LIMIT = Duration.ofMinutes(5);
    /** Traffic goes on this long after the last fault's recovery. */
    private static final Duration AFTER_THE_LAST_FAULT = Duration.ofSeconds(10);
    private static final int PARTITIONS = 4;

    enum Fault {
        /** SIGKILL to the TaskManager and a fresh one started, as a pod's restart. */
        TASK_MANAGER_KILL(Duration.ofSeconds(60)),
        /** ClickHouse stopped for the plan's outage, then started. */
        CLICKHOUSE_OUTAGE(Duration.ofSeconds(30)),
        /** The broker stopped for the plan's outage, then started. */
        BROKER_OUTAGE(Duration.ofSeconds(40)),
        /** SIGKILL to the JobManager, a fresh one started, the job resubmitted from its newest retained checkpoint. */
        JOB_MANAGER_KILL(Duration.ofSeconds(90));

        /** What the soak reserves for the recovery when it spreads the faults over the traffic. */
        private final Duration expectedRecovery;

        Fault(Duration expectedRecovery) {
            this.expectedRecovery = expectedRecovery;
        }
    }

    /** What to send, how fast, and which faults to put in its way. */
    record Plan(long events, int recordsPerSecond, int taskManagerKills, Duration clickHouseOutage,
            Duration brokerOutage, boolean jobManagerKill, Duration checkpointInterval, long seed) {

        /** The suite's soak: two TaskManager kills and a 20 s ClickHouse outage in about three minutes. */
        static Plan inTheSuite() {
            return new Plan(45_000, 300, 2, Duration.ofSeconds(20), Duration.ZERO, false, Duration.ofSeconds(2), 23L);
        }

        List<Fault> faultsInRandomOrder() {
            List<Fault> faults = new ArrayList<>(Collections.nCopies(taskManagerKills, Fault.TASK_MANAGER_KILL));
            if (!clickHouseOutage.isZero()) {
                faults.add(Fault.CLICKHOUSE_OUTAGE);
            }
            if (!brokerOutage.isZero()) {
                faults.add(Fault.BROKER_OUTAGE);
            }
            if (jobManagerKill) {
                faults.add(Fault.JOB_MANAGER_KILL);
            }
            Collections.shuffle(faults, new Random(seed));
            return faults;
        }

        Duration down(Fault fault) {
            return switch (fault) {
                case CLICKHOUSE_OUTAGE -> clickHouseOutage;
                case BROKER_OUTAGE -> brokerOutage;
                case TASK_MANAGER_KILL, JOB_MANAGER_KILL -> Duration.ZERO;
            };
        }

        Duration sending() {
            return Duration.ofMillis(events * 1000 / recordsPerSecond);
        }
    }

    /**
     * One fault as it happened: when in the traffic, the size of the newest checkpoint then (what a
     * restart restores), how long the service was down, how long until fresh again.
     */
    record Recovery(Fault fault, long atWallMs, Duration at, long checkpointBytes, Duration down, Duration freshAgainAfter,
            long restartsSoFar) {
        @Override
        public String toString() {
            return String.format("%-18s at %s (%4d s), checkpoint %,d MB, down %3d s, fresh again (events within %d s of "
                    + "now stored) %5.1f s after the service returned; job restarts so far %d", fault,
                    java.time.Instant.ofEpochMilli(atWallMs), at.toSeconds(), checkpointBytes >> 20, down.toSeconds(),
                    FRESH.toSeconds(), freshAgainAfter.toMillis() / 1000.0, restartsSoFar);
        }
    }

    /** What the soak saw: the traffic, each fault's recovery, and every difference between outputs and input. */
    record Report(Tally sent, List<Recovery> recoveries, List<String> problems, long restarts, Duration took) {
        String summary() {
            StringBuilder s = new StringBuilder();
            s.append(String.format("soak: %,d records sent (%,d distinct valid events, %,d client retries, %,d malformed) in %d s%n",
                    sent.records(), sent.valid(), sent.duplicates(), sent.malformedAt().size(), took.toSeconds()));
            recoveries.forEach(r -> s.append("soak: ").append(r).append('\n'));
            s.append(String.format("soak: the job restarted %d times (since its last submission)%n", restarts));
            s.append(problems.isEmpty() ? "soak: every output exact\n" : "soak: " + problems.size() + " problem(s):\n");
            problems.forEach(p -> s.append("soak:   ").append(p).append('\n'));
            return s.toString();
        }
    }

    private final Plan plan;
    private final Cluster cluster;
    private final Random random;
    /** The running job: a JobManager kill replaces it with a resubmitted one. */
    private JobID job;

    ClusterSoak(Plan plan, Cluster cluster) {
        this.plan = plan;
        this.cluster = cluster;
        this.random = new Random(plan.seed());
    }

    Report run() throws Exception {
        long started = System.nanoTime();
        String name = LiveServices.unique("soak");
        LiveServices.createTopics(Map.of(name + "-events", PARTITIONS, name + "-dlq", 2, name + "-alerts", 2));
        ClickHouseHttp ch = LiveServices.freshDatabase("it_soak");
        Map<String, String> settings = LiveServices.jobSettings(name, ch);
        settings.put("checkpoint-interval", plan.checkpointInterval().toSeconds() + " s");
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.addAll(List.of("--" + key, value)));
        PlayPulseConfig config = PlayPulseConfig.of(settings);

        job = cluster.submit(args, false);
        List<Recovery> recoveries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean exact = false;
        Sender sender = new Sender(name + "-events", plan);
        try {
            CompletableFuture<Tally> sending = CompletableFuture.supplyAsync(sender::sendAll);
            long sendingStarted = System.nanoTime();
            JobID first = job;
            JobRunner.await("two completed checkpoints", Duration.ofMinutes(2),
                    () -> unchecked(() -> cluster.completedCheckpoints(first) >= 2));
            List<Fault> faults = plan.faultsInRandomOrder();
            for (int i = 0; i < faults.size(); i++) {
                Thread.sleep(pauseBefore(faults.subList(i, faults.size()), sendingStarted).toMillis());
                if (sending.isDone()) {
                    sending.join(); // the sender failed: its exception says why
                }
                Recovery recovery = rideOut(faults.get(i), args, ch, sender.tally, sendingStarted);
                System.out.println("soak: " + recovery);
                recoveries.add(recovery);
                if (recovery.freshAgainAfter().compareTo(RECOVERY_LIMIT) > 0) {
                    problems.add(recovery.fault() + " at " + recovery.at().toSeconds() + " s: not fresh again within "
                            + RECOVERY_LIMIT + " of the service's return");
                }
            }
            Thread.sleep(AFTER_THE_LAST_FAULT.toMillis());
            sender.faultsOver = true;
            Tally tally = sending.get();
            problems.addAll(awaitExactOutputs(ch, name, tally, config));
            exact = problems.isEmpty();
            return new Report(tally, recoveries, problems, cluster.restarts(job),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            sender.stopped = true;
            try {
                cluster.cancel(job);
            } finally {
                if (exact) {
                    LiveServices.dropDatabase(ch);
                } else {
                    System.out.println("soak: database " + ch.database() + " and topics " + name + "-* kept for inspection");
                }
            }
        }
    }

    /** Puts {@code fault} in the job's way now and waits until the job is fresh again. */
    private Recovery rideOut(Fault fault, List<String> args, ClickHouseHttp ch, Tally sent, long sendingStarted)
            throws Exception {
        long checkpointBytes = cluster.latestCheckpointBytes(job);
        Duration at = Duration.ofNanos(System.nanoTime() - sendingStarted);
        long faultWallMs = System.currentTimeMillis();
        switch (fault) {
            case TASK_MANAGER_KILL -> cluster.killTaskManager();
            case CLICKHOUSE_OUTAGE -> LiveServices.outage("clickhouse", plan.down(fault));
            case BROKER_OUTAGE -> LiveServices.outage("kafka", plan.down(fault));
            case JOB_MANAGER_KILL -> {
                cluster.killJobManager();
                job = cluster.submit(args, true);
            }
        }
        long returned = System.nanoTime();
        long returnedWallMs = System.currentTimeMillis();
        JobID resubmitted = job;
        // After a JobManager kill the old tasks write on until they miss it: the resubmitted job has
        // recovered once it has also completed a checkpoint of its own.
        BooleanSupplier running = fault != Fault.JOB_MANAGER_KILL ? () -> true
                : () -> unchecked(() -> cluster.completedCheckpoints(resubmitted) >= 1);
        Duration fresh = freshAgain(ch, sent, returnedWallMs, returned, running);
        return new Recovery(fault, faultWallMs, at, checkpointBytes, plan.down(fault), fresh, cluster.restarts(job));
    }

    /**
     * A random pause before the next fault, drawn so that the faults still to come, each with its
     * outage and expected recovery, fit in the traffic that is left.
     */
    private Duration pauseBefore(List<Fault> remaining, long sendingStarted) {
        long left = plan.sending().toMillis() - (System.nanoTime() - sendingStarted) / 1_000_000;
        long needed = remaining.stream().mapToLong(f -> plan.down(f).plus(f.expectedRecovery).toMillis()).sum();
        long spare = Math.max(0, left - needed - 10_000);
        return Duration.ofMillis((long) (random.nextDouble() * spare / remaining.size()));
    }

    /**
     * How long after {@code sinceNanos} the job was {@code running} and ClickHouse held an event sent
     * after the service returned (at {@code returnedWallMs}; an event's time is never after its
     * sending) and within {@link #FRESH} of the wall clock or, while the broker is still taking in
     * what the sender held back, the newest event it has acknowledged: the job processes traffic
     * again and has caught up.
     */
    private static Duration freshAgain(ClickHouseHttp ch, Tally sent, long returnedWallMs, long sinceNanos,
            BooleanSupplier running) throws InterruptedException {
        while (System.nanoTime() - sinceNanos < RECOVERY_LIMIT.toNanos() * 2) {
            long checkedAt = System.nanoTime();
            long due = Math.max(returnedWallMs, Math.min(System.currentTimeMillis() - FRESH.toMillis(), sent.highestTimestamp()));
            try {
                if (ch.count("SELECT max(timestamp_ms) FROM game_events") >= due && running.getAsBoolean()) {
                    return Duration.ofNanos(checkedAt - sinceNanos);
                }
            } catch (IOException | UncheckedIOException | IllegalStateException notYet) {
                // ClickHouse may take a moment to answer after its start, Flink's REST API after a JobManager's.
            }
            Thread.sleep(1000);
        }
        return RECOVERY_LIMIT.multipliedBy(2);
    }

    /** Waits for the outputs to be complete, then two more checkpoints for any duplicate to show, and lists what differs. */
    private List<String> awaitExactOutputs(ClickHouseHttp ch, String name, Tally sent, PlayPulseConfig config)
            throws Exception {
        long closedUntilMs = sent.lowestPartitionHighMark() - config.get(OUT_OF_ORDERNESS).toMillis();
        boolean complete = JobRunner.within(COMPLETION_LIMIT,
                () -> unchecked(() -> differences(ch, name, sent, closedUntilMs).isEmpty()));
        if (complete) {
            JobID last = job;
            long checkpointsNow = cluster.completedCheckpoints(last);
            JobRunner.await("two more checkpoints", Duration.ofMinutes(1),
                    () -> unchecked(() -> cluster.completedCheckpoints(last) >= checkpointsNow + 2));
        }
        return differences(ch, name, sent, closedUntilMs);
    }

    /** Every difference between the outputs and the input, in words. */
    static List<String> differences(ClickHouseHttp ch, String name, Tally sent, long closedUntilMs) throws IOException {
        List<String> problems = new ArrayList<>();
        long stored = ch.count("SELECT count() FROM game_events FINAL");
        if (stored != sent.valid()) {
            problems.add("game_events FINAL: " + stored + " rows; sent " + sent.valid() + " distinct valid events");
        }
        Map<String, List<Long>> byType = new TreeMap<>();
        for (Map<String, String> r : ch.query("SELECT toString(event_type) AS t, count() AS n, sum(user_id) AS users "
                + "FROM game_events FINAL GROUP BY t")) {
            byType.put(r.get("t"), List.of(Long.parseLong(r.get("n")), Long.parseLong(r.get("users"))));
        }
        if (!byType.equals(sent.countAndUserSumByType())) {
            problems.add("game_events per type (count, sum of user_id): stored " + byType + ", sent "
                    + sent.countAndUserSumByType());
        }

        Set<String> rejected = new HashSet<>();
        List<Map<String, String>> rejectedRows = ch.query("SELECT source_partition, source_offset FROM rejected_events FINAL");
        for (Map<String, String> r : rejectedRows) {
            rejected.add(r.get("source_partition") + "@" + r.get("source_offset"));
        }
        if (rejectedRows.size() != rejected.size()) {
            problems.add("rejected_events FINAL: " + rejectedRows.size() + " rows for " + rejected.size() + " records");
        }
        if (!rejected.equals(sent.malformedAt())) {
            problems.add("rejected_events: " + rejected.size() + " stored, " + sent.malformedAt().size() + " malformed sent; "
                    + differenceInWords(rejected, sent.malformedAt()));
        }
        Map<String, Integer> deadLetters = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(name + "-dlq")) {
            deadLetters.merge(header(r, KafkaSinks.HEADER_SOURCE_PARTITION) + "@"
                    + header(r, KafkaSinks.HEADER_SOURCE_OFFSET), 1, Integer::sum);
        }
        deadLetters.forEach((at, copies) -> {
            if (copies > 1) {
                problems.add("dead letter " + at + " " + copies + " times in the topic");
            }
        });
        if (!deadLetters.keySet().equals(sent.malformedAt())) {
            problems.add("dead-letter topic: " + differenceInWords(deadLetters.keySet(), sent.malformedAt()));
        }

        Map<String, Integer> alertCopies = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(name + "-alerts")) {
            alertCopies.merge(AlertJson.parse(r.value()).get("alert_id").asText(), 1, Integer::sum);
        }
        alertCopies.forEach((id, copies) -> {
            if (copies > 1) {
                problems.add("alert " + id + " " + copies + " times in the topic");
            }
        });
        Set<String> alertsTable = new HashSet<>();
        ch.query("SELECT alert_id FROM alerts FINAL").forEach(r -> alertsTable.add(r.get("alert_id")));
        if (alertCopies.isEmpty()) {
            problems.add("no alert at all: the traffic's incidents must page");
        }
        if (!alertCopies.keySet().equals(alertsTable)) {
            problems.add("alert topic against the alerts table: " + differenceInWords(alertCopies.keySet(), alertsTable));
        }

        problems.addAll(KpiCheck.mismatchesOfAll(ch, closedUntilMs));
        return problems;
    }

    private static String differenceInWords(Set<String> actual, Set<String> expected) {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new HashSet<>(actual);
        extra.removeAll(expected);
        return missing.size() + " missing (e.g. " + missing.stream().limit(3).toList() + "), " + extra.size()
                + " unexpected (e.g. " + extra.stream().limit(3).toList() + ")";
    }

    /**
     * What was sent, counted as Kafka acknowledged it: the distinct valid events per type (count and
     * sum of user ids), the retries, where each malformed record landed, and each partition's highest
     * event time (the final watermark lies below the lowest of them).
     */
    static final class Tally {
        private long records;
        private long valid;
        private long duplicates;
        private final Map<String, List<Long>> countAndUserSumByType = new TreeMap<>();
        private final Set<String> malformedAt = new HashSet<>();
        private final Map<Integer, Long> highMarkByPartition = new HashMap<>();

        synchronized void acknowledged(GeneratedRecord r, int partition, long offset) {
            records++;
            switch (r.kind()) {
                case VALID -> {
                    valid++;
                    EventType type = r.event().eventType;
                    List<Long> sums = countAndUserSumByType.computeIfAbsent(type.name(), k -> new ArrayList<>(List.of(0L, 0L)));
                    sums.set(0, sums.get(0) + 1);
                    sums.set(1, sums.get(1) + r.event().userId);
                }
                case DUPLICATE -> duplicates++;
                case MALFORMED -> malformedAt.add(partition + "@" + offset);
            }
            if (r.kind() != Kind.MALFORMED) {
                highMarkByPartition.merge(partition, r.event().timestampMs, Math::max);
            }
        }

        synchronized long records() {
            return records;
        }

        synchronized long valid() {
            return valid;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized Map<String, List<Long>> countAndUserSumByType() {
            Map<String, List<Long>> copy = new TreeMap<>();
            countAndUserSumByType.forEach((type, sums) -> copy.put(type, List.copyOf(sums)));
            return copy;
        }

        synchronized Set<String> malformedAt() {
            return Set.copyOf(malformedAt);
        }

        synchronized long highestTimestamp() {
            return highMarkByPartition.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        }

        synchronized long lowestPartitionHighMark() {
            if (highMarkByPartition.size() < PARTITIONS) {
                throw new IllegalStateException("events reached only partitions " + highMarkByPartition.keySet());
            }
            return Collections.min(highMarkByPartition.values());
        }
    }

    /**
     * Live traffic: the simulation starts now at the plan's rate, and each record is sent when its
     * time comes, so event time follows the wall clock as in production; incidents, bots, retries,
     * disorder, late and malformed records included.
     */
    static final class Sender {
        private final String topic;
        private final Plan plan;
        final Tally tally = new Tally();
        /** Set when the last fault has been ridden out: until then the traffic goes on past the plan's events. */
        volatile boolean faultsOver;
        /** Set when the soak ends, however it ends: the traffic stops at once. */
        volatile boolean stopped;

        Sender(String topic, Plan plan) {
            this.topic = topic;
            this.plan = plan;
        }

        Tally sendAll() {
            long start = System.currentTimeMillis();
            GameSimulation simulation = new GameSimulation(SimulationSettings.defaults()
                    .withSeed(plan.seed())
                    .withStartMs(start)
                    .withEventsPerSecond(plan.recordsPerSecond())
                    .withMacroBots(8)
                    // The crash storm from the first minute, so that even a short soak pages.
                    .withIncidentsFrom(start - Incidents.CRASH_STORM_AT)
                    .withMalformedRatio(0.003)
                    .withDisorder(0.01, 0.03, 0.004, 0.003));
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LiveServices.KAFKA);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            // Room for the records of a broker restart, so the sender keeps to the wall clock through it.
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L << 20));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(600_000));
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(600_000)); // metadata while the broker is away
            AtomicReference<Exception> failure = new AtomicReference<>();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                for (long i = 0; (i < plan.events() || !faultsOver) && !stopped && failure.get() == null; i++) {
                    GeneratedRecord r = simulation.next();
                    long wait = r.emitAtMs() - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (m, error) -> {
                        if (error == null) {
                            tally.acknowledged(r, m.partition(), m.offset());
                        } else {
                            failure.compareAndSet(null, error);
                        }
                    });
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a record was not acknowledged", failure.get());
            }
            return tally;
        }
    }

    /**
     * scripts/soak.sh: {@code --events 10000000 --rate 1000 --taskmanager-kills 5 --clickhouse-outage 60
     * --broker-outage 10 --jobmanager-kill true --checkpoint-interval 10 --seed 23} (outages in seconds, 0 for
     * none); exits 1 on any problem.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        Plan plan = new Plan(p.getLong("events", 10_000_000L), p.getInt("rate", 1000), p.getInt("taskmanager-kills", 5),
                Duration.ofSeconds(p.getLong("clickhouse-outage", 60)), Duration.ofSeconds(p.getLong("broker-outage", 10)),
                p.getBoolean("jobmanager-kill", true), Duration.ofSeconds(p.getLong("checkpoint-interval", 10)),
                p.getLong("seed", 23L));
        System.out.printf("soak: %,d events at %,d/s (%d s of traffic), faults in this order: %s%n", plan.events(),
                plan.recordsPerSecond(), plan.sending().toSeconds(), plan.faultsInRandomOrder());
        Report report;
        try (Cluster cluster = Cluster.start(p.getInt("rest-port", 8081), Path.of("target", "soak-cluster.log"))) {
            report = new ClusterSoak(plan, cluster).run();
        }
        System.out.print(report.summary());
        System.exit(report.problems().isEmpty() ? 0 : 1);
    }
}
