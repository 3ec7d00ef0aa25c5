package io.playpulse.tools;

import static io.playpulse.config.PlayPulseOptions.OUT_OF_ORDERNESS;
import static io.playpulse.config.PlayPulseOptions.SOURCE_IDLENESS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playpulse.PlayPulseWorkflow.Stage;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventTimeWatermarks;
import io.playpulse.events.IngestedRecord;
import io.playpulse.events.KafkaIngest;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.tools.GeneratedRecord.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures the job on this machine (scripts/bench.sh), in one run, on the same pre-loaded records:
 *
 * <ol>
 *   <li>the ceiling: the job's Kafka source, then parse and validate, then discard (twice: the
 *       second, warm pass counts);
 *   <li>the job stage by stage ({@link Stage}: ingest, + KPIs, + detection, + churn = the whole job),
 *       each into ClickHouse, as sustained records per second, so a slowdown points at its stage,
 *       and what each record cost each part of the machine meanwhile ({@link CpuAccount}), so it
 *       points at the part too;
 *       whole-job runs before them ({@code --warm-up-runs}, 2), reported but not counted, let the
 *       JIT compile the job first;
 *   <li>at a fixed live rate, the delay from an event's timestamp (when the client sent it) to its
 *       row being written to ClickHouse, p50 and p99, after a start-up period reported apart.
 * </ol>
 *
 * The figures go to a JSON file ({@code --results}, default .run/bench/results.json) as well as to
 * the console. Each part gets its own topics and database; nothing is left behind.
 */
public final class Benchmark {
    private static final AtomicLong PROBE_COUNT = new AtomicLong();
    private static final AtomicLong PROBE_FROM = new AtomicLong();
    private static final AtomicLong PROBE_FROM_NANOS = new AtomicLong();
    private static final AtomicLong PROBE_LAST_NANOS = new AtomicLong();
    /** The ceiling is timed from this share of the records on: before it, the JIT is still compiling the parser. */
    private static final double CEILING_WARM_UP = 0.2;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LocalPipeline local;
    private final ObjectNode results = MAPPER.createObjectNode();

    /** How many times to run the whole job, uncounted, before the stages. */
    private final int warmUpRuns;
    private final CpuAccount cpuAccount = CpuAccount.ofThisMachine();

    private Benchmark(LocalPipeline local, int warmUpRuns) {
        this.local = local;
        this.warmUpRuns = warmUpRuns;
    }

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        Path resultsFile = Path.of(p.get("results", ".run/bench/results.json"));
        try (LocalPipeline local = new LocalPipeline(p, "hashmap", "10s", Path.of(".run/bench/checkpoints"))) {
            Benchmark bench = new Benchmark(local, p.getInt("warm-up-runs", 2));
            List<Stage> stages = Arrays.stream(p.get("stages", "ingest,kpis,detection,churn").split(","))
                    .map(s -> Stage.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
            bench.run(p.getInt("events", 1_000_000), p.getInt("simulated-rate", 500), stages,
                    p.getInt("latency-rate", 2000), p.getInt("latency-start-up", 30), p.getInt("latency-seconds", 60));
            Files.createDirectories(resultsFile.toAbsolutePath().getParent());
            Files.writeString(resultsFile, bench.results.toPrettyString() + "\n");
            System.out.println("bench: figures written to " + resultsFile);
        }
    }

    /**
     * @param simulatedRate the event-time rate of the pre-loaded events: low enough that they span many
     *     times the lateness CEP waits for, so the watermark moves on during the run as it does live
     */
    private void run(int events, int simulatedRate, List<Stage> stageRuns, int latencyRate, int latencyStartUp,
            int latencySeconds) throws Exception {
        String backend = local.stateBackend.equals("rocksdb")
                ? "rocksdb state (" + local.managedMemory + " managed memory, " + local.timerService + " timers)"
                : local.stateBackend + " state";
        System.out.printf("bench: %d pre-loaded records (%d events/s of event time), parallelism %d, %s, "
                + "checkpoints every %s%n", events, simulatedRate, local.parallelism, backend, local.checkpointInterval);
        results.put("date", java.time.Instant.now().toString());
        results.put("cores", Runtime.getRuntime().availableProcessors());
        results.put("parallelism", local.parallelism);
        results.put("state_backend", local.stateBackend);
        if (local.stateBackend.equals("rocksdb")) {
            results.put("timer_service", local.timerService);
        }
        results.put("checkpoint_interval", local.checkpointInterval);
        results.put("records", events);
        results.put("simulated_events_per_s", simulatedRate);
        String topic = local.temporaryTopic("events", 4);
        Preloaded preloaded = preload(topic, events, simulatedRate);
        System.out.printf("bench: pre-loaded %,d records (%,d distinct valid events) in %.1f s%n", preloaded.records,
                preloaded.distinctValid, preloaded.seconds);
        results.put("distinct_valid_events", preloaded.distinctValid);

        // The first pass runs while the JIT compiles the parser and the source: here it gave a third
        // of the warm figure, and it is what varied so much between runs. The second pass counts.
        double cold = bareCeiling(topic, preloaded.records);
        double ceiling = bareCeiling(topic, preloaded.records);
        System.out.printf("bench: ceiling  Kafka -> parse -> discard: %,.0f records/s (first, cold pass: %,.0f)%n",
                ceiling, cold);
        results.put("ceiling_records_per_s", Math.round(ceiling));
        results.put("ceiling_cold_records_per_s", Math.round(cold));

        // The first jobs in a JVM run while the JIT still compiles them: on 1,000,000 records here, the
        // first whole-job run went at 27,000 records/s, the second at 41,000 with the C2 compiler on
        // 13-20% of the CPU, the third and fourth at 59,000-61,000 with it at a third of that. Only runs after
        // that measure the job as it runs for hours; the warm-up runs are reported, not counted.
        ArrayNode warmUps = results.putArray("warm_up_records_per_s");
        for (int run = 1; run <= warmUpRuns; run++) {
            double recordsPerSecond = stage(topic, preloaded, Stage.CHURN).whole().recordsPerSecond();
            System.out.printf("bench: warm-up %d of %d, the whole job (not counted): %,.0f records/s%n", run, warmUpRuns,
                    recordsPerSecond);
            warmUps.add(Math.round(recordsPerSecond));
        }
        ObjectNode stages = results.putObject("stages_records_per_s");
        ObjectNode cpu = results.putObject("cpu_us_per_record");
        ObjectNode partsWritten = results.putObject("clickhouse_parts");
        ObjectNode steadyStages = results.putObject("steady_records_per_s");
        ObjectNode steadyCpu = results.putObject("steady_cpu_us_per_record");
        for (Stage stage : stageRuns) {
            StageRun run = stage(topic, preloaded, stage);
            double recordsPerSecond = run.whole().recordsPerSecond();
            System.out.printf("bench: up to %-9s into ClickHouse: %,7.0f records/s, %.2f of the ceiling%n", stage,
                    recordsPerSecond, recordsPerSecond / ceiling);
            String key = stage.name().toLowerCase(Locale.ROOT);
            stages.put(key, Math.round(recordsPerSecond));
            System.out.printf("bench:   CPU per record, µs:%s%n", putByPart(run.whole().cpuMicrosPerRecord(),
                    cpu.putObject(key), 1));
            steadyStages.put(key, Math.round(run.steady().recordsPerSecond()));
            System.out.printf("bench:   steady (a tenth to nine tenths of the events stored): %,7.0f records/s; "
                    + "CPU per record, µs:%s%n", run.steady().recordsPerSecond(),
                    putByPart(run.steady().cpuMicrosPerRecord(), steadyCpu.putObject(key), 1));
            Parts parts = run.parts();
            System.out.printf("bench:   ClickHouse parts: game_events %d (%,d rows each; merges re-wrote %,d rows), "
                    + "the other tables %d%n", parts.eventParts(), parts.eventRows() / Math.max(1, parts.eventParts()),
                    parts.eventRowsMerged(), parts.otherParts());
            ObjectNode partsNode = partsWritten.putObject(key);
            partsNode.put("game_events", parts.eventParts());
            partsNode.put("game_events_rows", parts.eventRows());
            partsNode.put("game_events_rows_merged", parts.eventRowsMerged());
            partsNode.put("other_tables", parts.otherParts());
        }
        if (stages.has("churn")) {
            double wholeJob = stages.get("churn").asDouble();
            results.put("whole_job_records_per_s", Math.round(wholeJob));
            results.put("whole_job_share_of_ceiling", Math.round(wholeJob / ceiling * 100) / 100.0);
            double steady = steadyStages.get("churn").asDouble();
            results.put("whole_job_steady_records_per_s", Math.round(steady));
            results.put("whole_job_steady_share_of_ceiling", Math.round(steady / ceiling * 100) / 100.0);
            System.out.printf("bench: whole job: %,.0f records/s, %.2f of the ceiling; steady: %,.0f records/s, %.2f of "
                    + "the ceiling%n", wholeJob, wholeJob / ceiling, steady, steady / ceiling);
        }
        if (latencySeconds == 0) {
            return;
        }

        LiveRun live = liveDelay(latencyRate, latencyStartUp, latencySeconds);
        ObjectNode freshness = results.putObject("freshness");
        System.out.printf("bench: at %d events/s for %d s after a %d s start-up: event-to-ClickHouse delay p50 %s, "
                + "p99 %s, max %s (%,d sampled events, one player in %d); in the start-up: max %s%n",
                latencyRate, latencySeconds, latencyStartUp, live.shown(0.5), live.shown(0.99), live.shown(1.0),
                live.steadyDelaysMs().length, live.sampleOneIn(), LiveRun.shown(live.startUpMaxMs()));
        StringBuilder slices = new StringBuilder();
        for (int i = 0; i < live.delaysBySlice().size(); i++) {
            long[] delays = live.delaysBySlice().get(i);
            slices.append(String.format("%s %d-%d s %s", i == 0 ? "" : ";", i * DELAY_SLICE_S, (i + 1) * DELAY_SLICE_S,
                    delays.length == 0 ? "none sampled"
                            : LiveRun.shown(LiveRun.at(delays, 0.5)) + "/" + LiveRun.shown(LiveRun.at(delays, 1.0))));
        }
        System.out.printf("bench: the delay by %d s of traffic, start-up included (p50/max, by when the event was sent):%s%n",
                DELAY_SLICE_S, slices);
        ObjectNode coresBusy = freshness.putObject("cores_busy");
        System.out.printf("bench:   cores busy in the measured seconds:%s%n", putByPart(live.coresBusy(), coresBusy, 2));
        if (live.unseen() > 0) {
            long steadyUnseen = Arrays.stream(live.steadyDelaysMs()).filter(ms -> ms == UNSEEN).count();
            System.out.printf("bench: the job fell behind: %,d of the %,d measured sampled events (and %,d of the "
                    + "start-up's) were not in ClickHouse within %d s; when the traffic ended, game_events held %,d of "
                    + "the %,d valid events sent in its %.1f s (%,.0f of %,.0f events/s)%n", steadyUnseen,
                    live.steadyDelaysMs().length, live.unseen() - steadyUnseen, DELAY_WINDOW_MS / 1000, live.stored(),
                    live.sent(), live.trafficSeconds(), live.stored() / live.trafficSeconds(),
                    live.sent() / live.trafficSeconds());
        }
        freshness.put("events_per_s", latencyRate);
        freshness.put("start_up_seconds", latencyStartUp);
        freshness.put("start_up_max_ms", live.startUpMaxMs() == UNSEEN ? null : live.startUpMaxMs());
        freshness.put("seconds", latencySeconds);
        freshness.put("p50_ms", live.millisOrNull(0.5));
        freshness.put("p99_ms", live.millisOrNull(0.99));
        freshness.put("max_ms", live.millisOrNull(1.0));
        freshness.put("sampled_events", live.steadyDelaysMs().length);
        // A null delay with fell_behind true is one over 30 s: the percentile fell on an unseen event.
        freshness.put("fell_behind", live.unseen() > 0);
        freshness.put("unseen_within_" + DELAY_WINDOW_MS / 1000 + "_s", live.unseen());
        freshness.put("traffic_seconds", Math.round(live.trafficSeconds() * 10) / 10.0);
        freshness.put("valid_events_sent", live.sent());
        freshness.put("valid_events_stored_when_traffic_ended", live.stored());
        ArrayNode bySlice = freshness.putArray("by_" + DELAY_SLICE_S + "_s_of_traffic");
        for (long[] delays : live.delaysBySlice()) {
            ObjectNode slice = bySlice.addObject();
            slice.put("sampled_events", delays.length);
            slice.put("p50_ms", LiveRun.millisOrNull(delays, 0.5));
            slice.put("max_ms", LiveRun.millisOrNull(delays, 1.0));
        }
    }

    /**
     * @param lastMinuteS the start of the last minute of the simulated events, in epoch seconds
     */
    private record Preloaded(long records, long distinctValid, long lastMinuteS, double seconds) {}

    /** How far after the last simulated event the closing events lie: past the lateness CEP waits for. */
    private static final Duration CLOSING_AFTER = Duration.ofMinutes(3);

    /**
     * The simulated records, then one closing event per partition {@link #CLOSING_AFTER} later. They
     * move the watermark past every minute window and past CEP's wait for late events, so a stage
     * has done all its work on the records, not only taken them in, when its last minute's KPI row
     * appears.
     */
    private Preloaded preload(String topic, int count, double simulatedRate) throws Exception {
        long start = System.currentTimeMillis() - (long) (count / simulatedRate * 1000)
                - 2 * CLOSING_AFTER.toMillis();
        GameSimulation simulation = new GameSimulation(SimulationSettings.defaults()
                .withStartMs(start).withEventsPerSecond(simulatedRate));
        Set<String> distinct = new HashSet<>();
        long lastMs = Long.MIN_VALUE;
        GeneratedRecord template = null;
        long begin = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = local.producer()) {
            for (int i = 0; i < count; i++) {
                GeneratedRecord r = simulation.next();
                if (r.kind() != Kind.MALFORMED) {
                    distinct.add(r.event().eventId);
                    lastMs = Math.max(lastMs, r.event().timestampMs);
                    template = r.kind() == Kind.VALID ? r : template;
                }
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
            if (template == null) {
                throw new IllegalStateException("the simulation made no valid record to close the stream with");
            }
            int partitions = producer.partitionsFor(topic).size();
            for (int p = 0; p < partitions; p++) {
                ObjectNode closing = (ObjectNode) MAPPER.readTree(template.value());
                closing.put("event_id", "bench-closing-" + p);
                closing.put("timestamp_ms", lastMs + CLOSING_AFTER.toMillis());
                producer.send(new ProducerRecord<>(topic, p, template.key(), MAPPER.writeValueAsBytes(closing)));
                distinct.add("bench-closing-" + p);
            }
            producer.flush();
        }
        return new Preloaded(count, distinct.size(), Math.floorDiv(lastMs, 60_000L) * 60,
                (System.nanoTime() - begin) / 1e9);
    }

    /** The job's own Kafka source (deserializer, read_committed, watermarks), a counting probe, and nothing after it. */
    private double bareCeiling(String topic, long records) throws Exception {
        StreamExecutionEnvironment env = local.environment();
        PlayPulseConfig config = PlayPulseConfig.of(Map.of("kafka.bootstrap-servers", local.kafka,
                "kafka.events-topic", topic, "kafka.consumer-group", "bench-ceiling-" + topic));
        KafkaSource<IngestedRecord> source = KafkaIngest.builder(config).setBounded(OffsetsInitializer.latest()).build();
        PROBE_COUNT.set(0);
        PROBE_FROM.set(Math.round(records * CEILING_WARM_UP));
        env.fromSource(source, EventTimeWatermarks.strategy(config.get(OUT_OF_ORDERNESS), config.get(SOURCE_IDLENESS)), "bench")
                .map(new RateProbe())
                .sinkTo(new DiscardingSink<>());
        env.execute("bench-ceiling");
        return (PROBE_COUNT.get() - 1 - PROBE_FROM.get()) / ((PROBE_LAST_NANOS.get() - PROBE_FROM_NANOS.get()) / 1e9);
    }

    /**
     * A stage's rate and what each record cost each part of the machine ({@link CpuAccount}), over
     * the whole run and over its steady part, and the parts ClickHouse wrote for it.
     */
    private record StageRun(Stretch whole, Stretch steady, Parts parts) {}

    /** The rate and CPU between two moments of a run, from the rows stored at each. */
    private record Stretch(double recordsPerSecond, Map<CpuAccount.Part, Double> cpuMicrosPerRecord) {
        static Stretch between(Mark from, Mark to, Preloaded preloaded) {
            double records = (double) (to.stored - from.stored) * preloaded.records / preloaded.distinctValid;
            Map<CpuAccount.Part, Double> micros = new EnumMap<>(CpuAccount.Part.class);
            to.cpu.secondsSince(from.cpu).forEach((part, cpuSeconds) -> micros.put(part, cpuSeconds * 1e6 / records));
            return new Stretch(records / ((to.nanos - from.nanos) / 1e9), micros);
        }
    }

    /** Puts each part's figure into {@code node}, rounded to {@code decimals}; returns them as one line of text. */
    private static String putByPart(Map<CpuAccount.Part, Double> byPart, ObjectNode node, int decimals) {
        double scale = Math.pow(10, decimals);
        StringBuilder line = new StringBuilder();
        byPart.forEach((part, figure) -> {
            node.put(part.key(), Math.round(figure * scale) / scale);
            line.append(String.format(" %s %." + decimals + "f", part.key(), figure));
        });
        return line.toString();
    }

    /** A moment of a run: the rows stored in game_events and each part's CPU so far. */
    private record Mark(long nanos, long stored, CpuAccount.Snapshot cpu) {}

    /**
     * The steady part of a stage's run: from a tenth to nine tenths of its events stored. The run's
     * figure also counts its start (the first rows wait for a flush) and its end (the last minute's
     * KPI row waits up to {@code clickhouse.sparse-flush-interval}, 5 s, while the job has no more
     * records to work on), which at 60,000 records/s are a third of a 1,000,000-record run.
     */
    private static final double STEADY_FROM = 0.1;
    private static final double STEADY_TO = 0.9;

    /**
     * The parts ClickHouse wrote into a run's database by the time it ended, from the server's
     * {@code system.part_log} (scripts/clickhouse/config.xml turns it on): its inserts and merges cost
     * per part more than per row, so these say why its share moved. Event types by number: 18.16
     * names them NEW_PART and MERGE_PARTS, current servers NewPart and MergeParts.
     */
    private record Parts(long eventParts, long eventRows, long otherParts, long eventRowsMerged) {
        static Parts of(ClickHouseHttp ch) throws IOException {
            ch.execute("SYSTEM FLUSH LOGS");
            Map<String, String> row = ch.query("SELECT countIf(table = 'game_events' AND toInt8(event_type) = 1) AS event_parts, "
                    + "sumIf(rows, table = 'game_events' AND toInt8(event_type) = 1) AS event_rows, "
                    + "countIf(table != 'game_events' AND toInt8(event_type) = 1) AS other_parts, "
                    + "sumIf(rows, table = 'game_events' AND toInt8(event_type) = 2) AS event_rows_merged "
                    + "FROM system.part_log WHERE database = '" + ClickHouseHttp.requirePlainName(ch.database()) + "'").get(0);
            return new Parts(Long.parseLong(row.get("event_parts")), Long.parseLong(row.get("event_rows")),
                    Long.parseLong(row.get("other_parts")), Long.parseLong(row.get("event_rows_merged")));
        }
    }

    /**
     * The production graph up to {@code stage} on the pre-loaded topic: its rate in records per
     * second over the time from the first rows in game_events (every stage writes it) until every
     * event is there and, from the KPI stage on, the last simulated minute's KPI row too (written when
     * the watermark has passed every record, which also lets CEP match them); and each part's CPU
     * over the same time.
     */
    private StageRun stage(String topic, Preloaded preloaded, Stage stage) throws Exception {
        ClickHouseHttp ch = local.temporaryDatabase("bench");
        JobClient job = local.startJob(PlayPulseConfig.of(local.jobSettings(topic, ch)), "bench-" + stage, stage);
        Mark first = null;
        Mark steadyFrom = null;
        Mark steadyTo = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        // The active parts' row counts, from the server's metadata: count() would scan the table ten
        // times a second, work the server does for the bench and not for the job.
        String storedRows = "SELECT sum(rows) FROM system.parts WHERE active AND database = '"
                + ClickHouseHttp.requirePlainName(ch.database()) + "' AND table = 'game_events'";
        while (true) {
            long n = ch.count(storedRows);
            long now = System.nanoTime();
            if (first == null && n > 0) {
                first = new Mark(now, n, cpuAccount.snapshot());
            }
            if (steadyFrom == null && n >= preloaded.distinctValid * STEADY_FROM) {
                steadyFrom = new Mark(now, n, cpuAccount.snapshot());
            }
            if (steadyTo == null && n >= preloaded.distinctValid * STEADY_TO) {
                steadyTo = new Mark(now, n, cpuAccount.snapshot());
            }
            if (n >= preloaded.distinctValid && (stage == Stage.INGEST || ch.count(
                    "SELECT toUInt64(max(minute)) FROM kpi_dashboard_minute") >= preloaded.lastMinuteS)) {
                Mark last = new Mark(now, n, cpuAccount.snapshot()); // before the job's threads end
                job.cancel().get();
                return new StageRun(Stretch.between(first, last, preloaded), Stretch.between(steadyFrom, steadyTo, preloaded),
                        Parts.of(ch));
            }
            if (now > deadline) {
                throw new IllegalStateException("the job did not finish in 15 minutes: " + n + " rows");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Players whose events the delay measurement follows: one in this many, or one in more at rates
     * above 5,000 events/s ({@link #DELAY_SAMPLED_PER_S}), the ones with the highest ids (the simulation gives its bots
     * the lowest). A range of ids, not every 50th, because {@code game_events} is sorted by event type
     * then user id, so the primary index skips most of the table. On 1.8 million rows (the end of a 90 s
     * run at 20,000 events/s) a poll scanning the whole table cost ClickHouse 58 ms of CPU, the range
     * 6 ms: the measurement takes far less from the job.
     */
    private static final int DELAY_SAMPLE = 50;
    /** At most about this many sampled events per second (at 20,000 events/s one player in 200): each poll reads fewer rows. */
    private static final int DELAY_SAMPLED_PER_S = 100;
    private static final long DELAY_POLL_MS = 100;
    /** A sampled event not in ClickHouse this long after its timestamp counts as unseen. */
    private static final long DELAY_WINDOW_MS = 30_000;
    /** The live run's delays are also reported by this many seconds of traffic. */
    private static final int DELAY_SLICE_S = 15;
    /** The delay of an event not seen within {@link #DELAY_WINDOW_MS}: sorts after every measured one. */
    private static final long UNSEEN = Long.MAX_VALUE;

    /**
     * What a live run measured.
     *
     * @param steadyDelaysMs the delays of the sampled events after the start-up, sorted; {@link #UNSEEN}
     *     for those not in ClickHouse within {@link #DELAY_WINDOW_MS}, so a percentile that falls on them
     *     says the job fell behind instead of leaving them out
     * @param startUpMaxMs the highest delay among the start-up's sampled events
     * @param delaysBySlice the delays of all sampled events, start-up included, sorted, by {@link
     *     #DELAY_SLICE_S} seconds of traffic (when the event was sent): whether a run fell behind early,
     *     caught up, or fell behind as its state grew
     * @param coresBusy the cores each part of the machine kept busy through the measured seconds (the
     *     generator's producer thread counts in {@code job_other}, the generator in {@code generator})
     * @param unseen sampled events, start-up included, not in ClickHouse within {@link #DELAY_WINDOW_MS}
     * @param sent valid events sent; {@code stored}: rows in {@code game_events} when the traffic ended,
     *     {@code trafficSeconds} after it began, so {@code stored / trafficSeconds} is the rate the job kept up with
     */
    private record LiveRun(long[] steadyDelaysMs, long startUpMaxMs, int sampleOneIn, long unseen, long sent,
            long stored, double trafficSeconds, List<long[]> delaysBySlice, Map<CpuAccount.Part, Double> coresBusy) {
        /** The delay at quantile {@code q} (1.0: the max); null when there was none to measure or it was unseen. */
        Long millisOrNull(double q) {
            return millisOrNull(steadyDelaysMs, q);
        }

        static Long millisOrNull(long[] sortedDelays, double q) {
            return sortedDelays.length == 0 || at(sortedDelays, q) == UNSEEN ? null : at(sortedDelays, q);
        }

        String shown(double q) {
            return steadyDelaysMs.length == 0 ? "none measured" : shown(at(steadyDelaysMs, q));
        }

        /** Nearest rank: the smallest delay with at least {@code q} of them at or below it. */
        static long at(long[] sortedDelays, double q) {
            return sortedDelays[Math.max(0, (int) Math.ceil(sortedDelays.length * q) - 1)];
        }

        static String shown(long ms) {
            return ms == UNSEEN ? String.format("over %,d ms", DELAY_WINDOW_MS) : String.format("%,d ms", ms);
        }
    }

    /**
     * Live traffic at a fixed rate, sent by {@link LiveTraffic} in its own JVM: the delay from an
     * event's timestamp (when the client sent it) to the moment its row can be read from ClickHouse,
     * found by polling every 100 ms for the sampled players' rows from the oldest sampled event not
     * seen yet on (so each delay is at most 100 ms too high, and a poll reads a few seconds of rows
     * while the job keeps up). The events of the first {@code startUp} seconds are reported apart: the
     * job has just started, its code is not compiled yet and its state maps grow while the traffic is
     * already at full rate (in one traced run at 10,000 events/s they reached 7 s, where every later
     * 5 s stayed within 1.5 s).
     */
    private LiveRun liveDelay(int rate, int startUp, int seconds) throws Exception {
        String topic = local.temporaryTopic("live", 4);
        ClickHouseHttp ch = local.temporaryDatabase("bench");
        JobClient job = local.startJob(PlayPulseConfig.of(local.jobSettings(topic, ch)), "bench-playpulse");
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            Thread.sleep(100);
        }
        Thread.sleep(5000);
        int sampleOneIn = Math.max(DELAY_SAMPLE, rate / DELAY_SAMPLED_PER_S);
        Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", // the simulation is all it holds: one collector thread is enough
                "-cp", System.getProperty("java.class.path"), LiveTraffic.class.getName(),
                "--bootstrap-servers", local.kafka, "--topic", topic, "--rate", String.valueOf(rate),
                "--seconds", String.valueOf(startUp + seconds), "--sample-one-in", String.valueOf(sampleOneIn))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CpuAccount cpu = cpuAccount.withGenerator(generator.pid());
        // The sampled events sent, by id, with their timestamps: until seen, then with their delays.
        Map<String, Long> unseen = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, long[]> seen = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicLong failedPolls = new AtomicLong();
        long trafficStart;
        long steadyFrom;
        long end;
        long sent = -1;
        long storedWhenTrafficEnded = 0;
        double trafficSeconds = 0;
        Map<CpuAccount.Part, Double> cores = new EnumMap<>(CpuAccount.Part.class);
        Thread poller = null;
        try (java.io.BufferedReader lines = generator.inputReader(java.nio.charset.StandardCharsets.UTF_8)) {
            String[] started = lines.readLine().split(" "); // start TRAFFIC_START_MS LOWEST_SAMPLED_USER_ID
            trafficStart = Long.parseLong(started[1]);
            long sampledFrom = Long.parseLong(started[2]);
            steadyFrom = trafficStart + startUp * 1000L;
            end = steadyFrom + seconds * 1000L;
            poller = new Thread(() -> {
                while (polling.get()) {
                    try {
                        long now = System.currentTimeMillis();
                        long from = Math.max(now - DELAY_WINDOW_MS, unseen.values().stream().mapToLong(Long::longValue)
                                .min().orElse(now));
                        for (Map<String, String> row : ch.query("SELECT event_id FROM game_events WHERE user_id >= "
                                + sampledFrom + " AND timestamp_ms >= " + from)) {
                            Long ts = unseen.remove(row.get("event_id"));
                            if (ts != null) {
                                seen.put(row.get("event_id"), new long[] {ts, now - ts});
                            }
                        }
                    } catch (IOException e) {
                        // The server, as busy as the job, once answered a poll with an empty response: poll again.
                        if (failedPolls.getAndIncrement() == 0) {
                            System.out.printf("bench: a delay poll failed, polling on: %s%n", e.getMessage());
                        }
                    }
                    try {
                        Thread.sleep(DELAY_POLL_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "delay-poller");
            poller.setDaemon(true); // never outlives the bench, even when the live run fails
            poller.start();
            CpuAccount.Snapshot cpuAtSteady = null;
            while (sent < 0) {
                String line = lines.readLine();
                if (line == null) {
                    throw new IOException("the live traffic's generator stopped before it had sent all: exit "
                            + generator.waitFor());
                }
                // Sampled events arrive about a hundred a second: the steady seconds' CPU counts from the first after them.
                if (cpuAtSteady == null && System.currentTimeMillis() >= steadyFrom) {
                    cpuAtSteady = cpu.snapshot();
                }
                String[] fields = line.split(" ");
                if (fields[0].equals("sampled")) {
                    unseen.put(fields[1], Long.parseLong(fields[2]));
                } else if (fields[0].equals("sent")) {
                    sent = Long.parseLong(fields[1]);
                }
            }
            storedWhenTrafficEnded = ch.count("SELECT count() FROM game_events");
            trafficSeconds = (System.currentTimeMillis() - trafficStart) / 1000.0;
            double measuredSeconds = (System.currentTimeMillis() - steadyFrom) / 1000.0;
            if (cpuAtSteady != null) {
                cpu.snapshot().secondsSince(cpuAtSteady).forEach((part, busy) -> cores.put(part, busy / measuredSeconds));
            }
        } finally {
            generator.getOutputStream().close(); // it ends when its standard input does
            if (!generator.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                generator.destroyForcibly();
            }
        }
        while (!unseen.isEmpty() && System.currentTimeMillis() < end + DELAY_WINDOW_MS) {
            Thread.sleep(DELAY_POLL_MS);
        }
        polling.set(false);
        poller.join();
        job.cancel().get();
        if (failedPolls.get() > 0) {
            System.out.printf("bench: %d delay polls failed and were repeated%n", failedPolls.get());
        }
        long[] steady = delaysSentBetween(seen, unseen, steadyFrom, Long.MAX_VALUE);
        long[] startUpDelays = delaysSentBetween(seen, unseen, Long.MIN_VALUE, steadyFrom);
        long startUpMax = startUpDelays.length == 0 ? 0 : startUpDelays[startUpDelays.length - 1]; // UNSEEN sorts last
        int slices = (int) Math.ceil((end - trafficStart) / (DELAY_SLICE_S * 1000.0));
        List<long[]> bySlice = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            long from = trafficStart + i * DELAY_SLICE_S * 1000L;
            bySlice.add(delaysSentBetween(seen, unseen, from, from + DELAY_SLICE_S * 1000L));
        }
        return new LiveRun(steady, startUpMax, sampleOneIn, unseen.size(), sent, storedWhenTrafficEnded, trafficSeconds,
                bySlice, cores);
    }

    /** The delays, sorted, of the sampled events sent from {@code from} until {@code to}; {@link #UNSEEN} for the unseen. */
    private static long[] delaysSentBetween(Map<String, long[]> seen, Map<String, Long> unseen, long from, long to) {
        return java.util.stream.Stream.concat(
                        seen.values().stream().filter(s -> s[0] >= from && s[0] < to).map(s -> s[1]),
                        unseen.values().stream().filter(ts -> ts >= from && ts < to).map(ts -> UNSEEN))
                .mapToLong(Long::longValue).sorted().toArray();
    }

    /** Counts records and remembers when the first timed one and the last one passed. */
    private static final class RateProbe implements MapFunction<IngestedRecord, IngestedRecord> {
        @Override
        public IngestedRecord map(IngestedRecord value) {
            long now = System.nanoTime();
            if (PROBE_COUNT.getAndIncrement() == PROBE_FROM.get()) {
                PROBE_FROM_NANOS.set(now);
            }
            PROBE_LAST_NANOS.set(now);
            return value;
        }
    }
}
