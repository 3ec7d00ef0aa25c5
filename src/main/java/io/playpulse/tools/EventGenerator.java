package io.playpulse.tools;

import static io.playpulse.config.PlayPulseOptions.EVENTS_TOPIC;
import static io.playpulse.config.PlayPulseOptions.KAFKA_BOOTSTRAP_SERVERS;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends simulated game traffic ({@link GameSimulation}) to Kafka: live at a target rate, or as fast
 * as possible, for a count or a duration. Records are sent when their time comes (event time paced
 * to the wall clock); a start in the past sends history at full speed until it catches up.
 *
 * <pre>
 * EventGenerator [--bootstrap-servers 127.0.0.1:9092] [--topic game-events] [--seed 42]
 *                [--rate 1000] [--players N] [--bots 5] [--start now|now-3h|EPOCH_MS]
 *                [--events N | --duration 10m] [--fast] [--malformed 0.001] [--duplicates 0.005]
 *                [--incidents]   (a crash storm, a mass disconnect and a store outage; see Incidents)
 * </pre>
 */
public final class EventGenerator {
    private EventGenerator() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        long now = System.currentTimeMillis();
        SimulationSettings settings = SimulationSettings.defaults()
                .withSeed(p.getLong("seed", 42L))
                .withStartMs(parseStart(p.get("start", "now"), now))
                .withEventsPerSecond(p.getDouble("rate", 1000))
                .withPlayers(p.getInt("players", 0))
                .withMacroBots(p.getInt("bots", 5))
                .withMalformedRatio(p.getDouble("malformed", 0.001));
        if (p.has("incidents")) {
            settings = settings.withIncidentsFrom(settings.startMs());
        }
        settings = settings.withDisorder(p.getDouble("duplicates", settings.duplicateRatio()),
                settings.outOfOrderRatio(), settings.lateWithinRatio(), settings.lateBeyondRatio());
        long maxRecords = p.getLong("events", Long.MAX_VALUE);
        long endMs = p.has("duration") ? settings.startMs() + parseDuration(p.get("duration")).toMillis() : Long.MAX_VALUE;
        boolean fast = p.has("fast");
        String topic = p.get("topic", EVENTS_TOPIC.defaultValue());

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.get("bootstrap-servers", KAFKA_BOOTSTRAP_SERVERS.defaultValue()));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

        System.err.printf("generator: seed %d, %d players, %.0f events/s from %s%s%n", settings.seed(),
                settings.effectivePlayers(), settings.eventsPerSecond(), Instant.ofEpochMilli(settings.startMs()),
                fast ? ", as fast as possible" : "");
        GameSimulation simulation = new GameSimulation(settings);
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        Progress progress = new Progress();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (long sent = 0; sent < maxRecords; sent++) {
                GeneratedRecord r = simulation.next();
                if (r.emitAtMs() >= endMs) {
                    break;
                }
                if (!fast) {
                    long wait = r.emitAtMs() - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (metadata, error) -> {
                    if (error != null) {
                        sendFailure.compareAndSet(null, error);
                    }
                });
                if (sendFailure.get() != null) {
                    throw sendFailure.get();
                }
                progress.tick(sent + 1, r.emitAtMs());
            }
            producer.flush();
        }
        if (sendFailure.get() != null) {
            throw sendFailure.get();
        }
        progress.finish();
    }

    static long parseStart(String start, long now) {
        if (start.equals("now")) {
            return now;
        }
        if (start.startsWith("now-")) {
            return now - parseDuration(start.substring(4)).toMillis();
        }
        return Long.parseLong(start);
    }

    /** 90s, 10m, 3h, 2d or a plain number of seconds. */
    static Duration parseDuration(String text) {
        char unit = text.charAt(text.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown duration unit in " + text);
        };
    }

    /** Prints sent records, rate and event-time position every five seconds. */
    private static final class Progress {
        private final long startedAt = System.nanoTime();
        private long lastPrint = System.nanoTime();
        private long sent;

        void tick(long sentSoFar, long eventTimeMs) {
            sent = sentSoFar;
            long t = System.nanoTime();
            if (t - lastPrint >= 5_000_000_000L) {
                lastPrint = t;
                System.err.printf("generator: %,d records, %,.0f/s, event time %s%n", sent, rate(t),
                        Instant.ofEpochMilli(eventTimeMs));
            }
        }

        void finish() {
            System.err.printf("generator: done, %,d records, %,.0f/s%n", sent, rate(System.nanoTime()));
        }

        private double rate(long t) {
            return sent / Math.max(1e-9, (t - startedAt) / 1e9);
        }
    }
}
