package io.playpulse.it;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.GeneratedRecord.Kind;
import io.playpulse.tools.SimulationSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Simulated traffic sent to a real topic, with where each record landed, and what the job must
 * make of it: the distinct valid events, the late ones, the malformed ones. Everything a test
 * expects is derived here from the input and the contract, never from the job's own code.
 */
public final class GeneratedInput {
    /** A record as sent: what it was and where Kafka put it. */
    public record Sent(GeneratedRecord record, int partition, long offset) {}

    private final List<GeneratedRecord> records;
    private final List<Sent> sent;

    private GeneratedInput(List<GeneratedRecord> records, List<Sent> sent) {
        this.records = records;
        this.sent = sent;
    }

    /** The simulation's records whose send time is before {@code endMs}, in send order. */
    public static List<GeneratedRecord> simulate(SimulationSettings settings, long endMs) {
        GameSimulation simulation = new GameSimulation(settings);
        List<GeneratedRecord> out = new ArrayList<>();
        for (GeneratedRecord r = simulation.next(); r.emitAtMs() < endMs; r = simulation.next()) {
            out.add(r);
        }
        return out;
    }

    /**
     * Sends the records in order, at most {@code recordsPerSecond} (0: as fast as possible), in the
     * background; the future completes when every record is acknowledged.
     */
    public static CompletableFuture<GeneratedInput> send(String topic, List<GeneratedRecord> records, int recordsPerSecond) {
        return CompletableFuture.supplyAsync(() -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LiveServices.KAFKA);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            RecordMetadata[] metadata = new RecordMetadata[records.size()];
            long started = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < records.size(); i++) {
                    if (recordsPerSecond > 0) {
                        long due = started + (long) (i * 1e9 / recordsPerSecond);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    int index = i;
                    GeneratedRecord r = records.get(i);
                    producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (m, error) -> {
                        if (error == null) {
                            metadata[index] = m;
                        }
                    });
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            List<Sent> sent = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                if (metadata[i] == null) {
                    throw new IllegalStateException("record " + i + " was not acknowledged");
                }
                sent.add(new Sent(records.get(i), metadata[i].partition(), metadata[i].offset()));
            }
            return new GeneratedInput(records, sent);
        });
    }

    /**
     * The traffic the end-to-end tests check, {@code eachSide} before and after {@code midnight}: five
     * servers' players at 5 events/s, eight macro bots, the incidents from the start (a crash storm, a
     * mass disconnect, a store outage), malformed records, retries, disorder and late events.
     */
    public static List<GeneratedRecord> aroundMidnight(long seed, long midnight, Duration eachSide,
            Duration outOfOrderness, Duration allowedLateness) {
        long start = midnight - eachSide.toMillis();
        return simulate(SimulationSettings.defaults()
                .withSeed(seed)
                .withStartMs(start)
                .withEventsPerSecond(5)
                .withMacroBots(8)
                .withIncidentsFrom(start)
                .withMalformedRatio(0.003)
                .withDisorder(0.01, 0.03, 0.004, 0.003)
                .withEventTime(outOfOrderness, allowedLateness), midnight + eachSide.toMillis());
    }

    /** The records as one partition would hold them, in order from offset 0: input for a test without a broker. */
    public static GeneratedInput inOnePartition(List<GeneratedRecord> records) {
        List<Sent> sent = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            sent.add(new Sent(records.get(i), 0, i));
        }
        return new GeneratedInput(records, sent);
    }

    public List<Sent> sent() {
        return sent;
    }

    public int size() {
        return records.size();
    }

    /** Each valid event once, by event_id (client retries collapse). */
    public Map<String, GameEvent> distinctValidEvents() {
        Map<String, GameEvent> events = new LinkedHashMap<>();
        for (GeneratedRecord r : records) {
            if (r.kind() != Kind.MALFORMED) {
                events.putIfAbsent(r.event().eventId, r.event());
            }
        }
        return events;
    }

    public List<Sent> malformed() {
        return sent.stream().filter(s -> s.record().kind() == Kind.MALFORMED).toList();
    }

    /**
     * The contract's lateness rule applied to the partitions as Kafka stored them: an event is late
     * when its timestamp plus the out-of-orderness bound plus the allowed lateness is below the
     * highest timestamp its partition had delivered before it. Only the first copy of an event
     * counts: later copies are dropped as duplicates.
     */
    public Set<String> lateEventIds(Duration outOfOrderness, Duration allowedLateness) {
        long slack = outOfOrderness.toMillis() + allowedLateness.toMillis();
        Map<Integer, List<Sent>> byPartition = byPartitionInOffsetOrder();
        Set<String> seen = new java.util.HashSet<>();
        Set<String> late = new java.util.HashSet<>();
        for (List<Sent> partition : byPartition.values()) {
            long max = Long.MIN_VALUE;
            for (Sent s : partition) {
                GeneratedRecord r = s.record();
                if (r.kind() == Kind.MALFORMED) {
                    continue;
                }
                long ts = r.event().timestampMs;
                if (max != Long.MIN_VALUE && ts + slack < max && seen.add(r.event().eventId)) {
                    late.add(r.event().eventId);
                } else {
                    seen.add(r.event().eventId);
                }
                max = Math.max(max, ts);
            }
        }
        return Collections.unmodifiableSet(late);
    }

    /**
     * How many records (retries included) the job's lateness rule finds late, partition by partition
     * in offset order: what its lateEvents counter must show.
     */
    public long lateRecords(Duration outOfOrderness, Duration allowedLateness) {
        long slack = outOfOrderness.toMillis() + allowedLateness.toMillis();
        long late = 0;
        for (List<Sent> partition : byPartitionInOffsetOrder().values()) {
            long max = Long.MIN_VALUE;
            for (Sent s : partition) {
                if (s.record().kind() == Kind.MALFORMED) {
                    continue;
                }
                long ts = s.record().event().timestampMs;
                if (max != Long.MIN_VALUE && ts + slack < max) {
                    late++;
                }
                max = Math.max(max, ts);
            }
        }
        return late;
    }

    /** The lowest, over partitions, of each partition's highest event timestamp: the final watermark is below it. */
    public long lowestPartitionHighMark() {
        return byPartitionInOffsetOrder().values().stream()
                .mapToLong(list -> list.stream().filter(s -> s.record().kind() != Kind.MALFORMED)
                        .mapToLong(s -> s.record().event().timestampMs).max().orElse(Long.MIN_VALUE))
                .min().orElseThrow();
    }

    /** Distinct valid crash and memory-leak reports: each must page exactly once. */
    public Set<String> crashEventIds(List<String> crashTypes) {
        return distinctValidEvents().values().stream()
                .filter(e -> e.eventType == EventType.ERROR_OCCURRED && e.errorType != null && crashTypes.contains(e.errorType))
                .map(e -> e.eventId)
                .collect(Collectors.toSet());
    }

    private Map<Integer, List<Sent>> byPartitionInOffsetOrder() {
        Map<Integer, List<Sent>> byPartition = new TreeMap<>();
        for (Sent s : sent) {
            byPartition.computeIfAbsent(s.partition(), k -> new ArrayList<>()).add(s);
        }
        byPartition.values().forEach(list -> list.sort((a, b) -> Long.compare(a.offset(), b.offset())));
        return byPartition;
    }

    /** How many events of each type the distinct valid set holds. */
    public Map<EventType, Long> countsByType() {
        Map<EventType, Long> counts = new HashMap<>();
        distinctValidEvents().values().forEach(e -> counts.merge(e.eventType, 1L, Long::sum));
        return counts;
    }
}
