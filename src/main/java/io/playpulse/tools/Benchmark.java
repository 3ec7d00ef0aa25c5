package io.playpulse.tools;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventParser;
import io.playpulse.events.EventTimeWatermarks;
import io.playpulse.events.GameEventDeserializer;
import io.playpulse.events.IngestedRecord;
import io.playpulse.sink.ClickHouseHttp;
import io.playpulse.tools.GeneratedRecord.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
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
 * Measures the job on this machine (scripts/bench.sh), in one run:
 *
 * <ol>
 *   <li>the ceiling: Kafka, then parse and validate, then discard;
 *   <li>the whole job (dedup, lateness, KPIs, alerts, every sink) into ClickHouse, on the same
 *       pre-loaded records, as sustained events per second;
 *   <li>at a fixed live rate, the delay from an event's timestamp (when the client sent it) to its
 *       row being written to ClickHouse, p50 and p99.
 * </ol>
 *
 * Each part gets its own topics and database; nothing is left behind.
 */
public final class Benchmark {
    private static final AtomicLong PROBE_COUNT = new AtomicLong();
    private static final AtomicLong PROBE_FIRST_NANOS = new AtomicLong();
    private static final AtomicLong PROBE_LAST_NANOS = new AtomicLong();

    private final LocalPipeline local;

    private Benchmark(LocalPipeline local) {
        this.local = local;
    }

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        try (LocalPipeline local = new LocalPipeline(p, "rocksdb", "10s", Path.of(".run/bench/checkpoints"))) {
            new Benchmark(local).run(
                    p.getInt("events", 1_000_000), p.getInt("latency-rate", 2000), p.getInt("latency-seconds", 60));
        }
    }

    private void run(int events, int latencyRate, int latencySeconds) throws Exception {
        System.out.printf("bench: %d pre-loaded records, parallelism %d, %s state (%s managed memory, %s timers), "
                + "checkpoints every %s%n", events, local.parallelism, local.stateBackend, local.managedMemory,
                local.timerService, local.checkpointInterval);
        String topic = local.temporaryTopic("events", 4);
        Preloaded preloaded = preload(topic, events);
        System.out.printf("bench: pre-loaded %,d records (%,d distinct valid events) in %.1f s%n", preloaded.records,
                preloaded.distinctValid, preloaded.seconds);

        double ceiling = bareCeiling(topic);
        System.out.printf("bench: ceiling  Kafka -> parse -> discard: %,.0f records/s%n", ceiling);

        double[] full = wholeJob(topic, preloaded);
        System.out.printf("bench: whole job into ClickHouse: %,.0f records/s (%,.0f clean events/s), %.2f of the ceiling%n",
                full[0], full[1], full[0] / ceiling);

        double[] delay = liveDelay(latencyRate, latencySeconds);
        System.out.printf("bench: at %d events/s for %d s: event-to-ClickHouse delay p50 %.0f ms, p99 %.0f ms, max %.0f ms "
                + "(%,d sampled events, one player in %d)%n", latencyRate, latencySeconds, delay[0], delay[1], delay[2],
                (long) delay[3], DELAY_SAMPLE);
    }

    private record Preloaded(long records, long distinctValid, double seconds) {}

    private Preloaded preload(String topic, int count) throws Exception {
        double simulatedRate = 5000;
        long start = System.currentTimeMillis() - (long) (count / simulatedRate * 1000) - 60_000;
        GameSimulation simulation = new GameSimulation(SimulationSettings.defaults()
                .withStartMs(start).withEventsPerSecond(simulatedRate));
        Set<String> distinct = new HashSet<>();
        long begin = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = local.producer()) {
            for (int i = 0; i < count; i++) {
                GeneratedRecord r = simulation.next();
                if (r.kind() != Kind.MALFORMED) {
                    distinct.add(r.event().eventId);
                }
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
            producer.flush();
        }
        return new Preloaded(count, distinct.size(), (System.nanoTime() - begin) / 1e9);
    }

    /** Kafka source with the job's own deserializer and watermarks, a counting probe, and nothing after it. */
    private double bareCeiling(String topic) throws Exception {
        StreamExecutionEnvironment env = local.environment();
        PlayPulseConfig config = PlayPulseConfig.defaults();
        KafkaSource<IngestedRecord> source = KafkaSource.<IngestedRecord>builder()
                .setBootstrapServers(local.kafka)
                .setTopics(topic)
                .setGroupId("bench-ceiling")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new GameEventDeserializer(
                        new EventParser(config.maxPayloadBytes, config.maxEventAge, config.maxClockSkew)))
                .build();
        PROBE_COUNT.set(0);
        env.fromSource(source, EventTimeWatermarks.strategy(config.outOfOrderness, config.sourceIdleness), "bench")
                .map(new RateProbe())
                .sinkTo(new DiscardingSink<>());
        env.execute("bench-ceiling");
        return (PROBE_COUNT.get() - 1) / ((PROBE_LAST_NANOS.get() - PROBE_FIRST_NANOS.get()) / 1e9);
    }

    /** The production graph on the pre-loaded topic: time from the first rows in ClickHouse to the last. */
    private double[] wholeJob(String topic, Preloaded preloaded) throws Exception {
        ClickHouseHttp ch = local.temporaryDatabase("bench");
        JobClient job = local.startJob(PlayPulseConfig.of(local.jobSettings(topic, ch)), "bench-playpulse");
        long first = 0;
        long firstCount = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (true) {
            long n = ch.count("SELECT count() FROM game_events");
            long now = System.nanoTime();
            if (first == 0 && n > 0) {
                first = now;
                firstCount = n;
            }
            if (n >= preloaded.distinctValid) {
                job.cancel().get();
                double seconds = (now - first) / 1e9;
                double events = (n - firstCount) / seconds;
                return new double[] {events * preloaded.records / preloaded.distinctValid, events};
            }
            if (now > deadline) {
                throw new IllegalStateException("the job did not finish in 15 minutes: " + n + " rows");
            }
            Thread.sleep(100);
        }
    }

    /** Players whose events the delay measurement follows: one in this many (a sample keeps the polls light). */
    private static final int DELAY_SAMPLE = 50;
    private static final long DELAY_POLL_MS = 100;
    private static final long DELAY_WINDOW_MS = 30_000;

    /**
     * Live traffic at a fixed rate: the delay from an event's timestamp (when the client sent it) to
     * the moment its row can be read from ClickHouse, found by polling every 100 ms for the sampled
     * players' new rows (so each delay is at most 100 ms too high).
     */
    private double[] liveDelay(int rate, int seconds) throws Exception {
        String topic = local.temporaryTopic("live", 4);
        ClickHouseHttp ch = local.temporaryDatabase("bench");
        JobClient job = local.startJob(PlayPulseConfig.of(local.jobSettings(topic, ch)), "bench-playpulse");
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            Thread.sleep(100);
        }
        Thread.sleep(5000);
        GameSimulation simulation = new GameSimulation(SimulationSettings.defaults()
                .withStartMs(System.currentTimeMillis()).withEventsPerSecond(rate).withDisorder(0, 0, 0, 0));
        long end = System.currentTimeMillis() + seconds * 1000L;
        Map<String, Long> firstSeenDelay = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try {
                    long now = System.currentTimeMillis();
                    for (Map<String, String> row : ch.query("SELECT event_id, timestamp_ms FROM game_events WHERE user_id % "
                            + DELAY_SAMPLE + " = 0 AND timestamp_ms >= " + (now - DELAY_WINDOW_MS))) {
                        firstSeenDelay.putIfAbsent(row.get("event_id"), now - Long.parseLong(row.get("timestamp_ms")));
                    }
                    Thread.sleep(DELAY_POLL_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, "delay-poller");
        poller.start();
        try (KafkaProducer<String, byte[]> producer = local.producer()) {
            for (GeneratedRecord r = simulation.next(); r.emitAtMs() < end; r = simulation.next()) {
                long wait = r.emitAtMs() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
        }
        Thread.sleep(5000);
        polling.set(false);
        poller.join();
        job.cancel().get();
        long sampled = ch.count("SELECT count() FROM game_events WHERE user_id % " + DELAY_SAMPLE + " = 0");
        if (firstSeenDelay.size() < sampled) {
            System.out.printf("bench: %d of %d sampled events were not seen within %d s of their timestamp%n",
                    sampled - firstSeenDelay.size(), sampled, DELAY_WINDOW_MS / 1000);
        }
        long[] delays = firstSeenDelay.values().stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {delays[delays.length / 2], delays[(int) (delays.length * 0.99)], delays[delays.length - 1],
            delays.length};
    }

    /** Counts records and remembers when the first and the last one passed. */
    private static final class RateProbe implements MapFunction<IngestedRecord, IngestedRecord> {
        @Override
        public IngestedRecord map(IngestedRecord value) {
            long now = System.nanoTime();
            if (PROBE_COUNT.getAndIncrement() == 0) {
                PROBE_FIRST_NANOS.set(now);
            }
            PROBE_LAST_NANOS.set(now);
            return value;
        }
    }
}
