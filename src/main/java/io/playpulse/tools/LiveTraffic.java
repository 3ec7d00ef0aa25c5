package io.playpulse.tools;

import io.playpulse.tools.GeneratedRecord.Kind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A live run's game traffic, sent from its own JVM as game servers send it from theirs: in the
 * bench's JVM the generator made 44% of the bytes allocated there and held its 400,000 simulated
 * players, all of it collected by the job's garbage collector. It tells the bench on standard output
 * what the delay measurement follows, one line each:
 *
 * <pre>
 * start TRAFFIC_START_MS LOWEST_SAMPLED_USER_ID
 * sampled EVENT_ID TIMESTAMP_MS        (every valid event of a sampled player, as it is sent)
 * sent VALID_EVENTS_SENT               (then it waits for standard input to close: the bench reads its CPU first)
 * </pre>
 *
 * <pre>
 * LiveTraffic --bootstrap-servers 127.0.0.1:9092 --topic T --rate 20000 --seconds 300 --sample-one-in 200
 * </pre>
 */
final class LiveTraffic {
    private LiveTraffic() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String topic = p.getRequired("topic");
        long trafficStart = System.currentTimeMillis();
        GameSimulation simulation = new GameSimulation(settings(trafficStart, p.getInt("rate")));
        long sampledFrom = sampledFrom(simulation, p.getInt("sample-one-in"));
        long end = trafficStart + p.getInt("seconds") * 1000L;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8); // a line reaches the bench when sent
        out.printf("start %d %d%n", trafficStart, sampledFrom);
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = LocalPipeline.producer(p.getRequired("bootstrap-servers"))) {
            for (GeneratedRecord r = simulation.next(); r.emitAtMs() < end; r = simulation.next()) {
                long wait = r.emitAtMs() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
                if (r.kind() == Kind.VALID) {
                    sent++;
                    if (r.event().userId >= sampledFrom) {
                        out.printf("sampled %s %d%n", r.event().eventId, r.event().timestampMs);
                    }
                }
            }
        }
        out.printf("sent %d%n", sent);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // the bench closes standard input once it has read this process's CPU time
            }
        }
    }

    /** The traffic: the simulation's defaults from {@code startMs} at {@code eventsPerSecond}, in order and without repeats. */
    static SimulationSettings settings(long startMs, int eventsPerSecond) {
        return SimulationSettings.defaults().withStartMs(startMs).withEventsPerSecond(eventsPerSecond).withDisorder(0, 0, 0, 0);
    }

    /**
     * The lowest id of the players whose events are followed: one player in {@code oneIn}, those with
     * the highest ids (the simulation gives its bots the lowest), a range because {@code game_events}
     * is sorted by event type then user id, so a poll's primary index skips the rest.
     */
    static long sampledFrom(GameSimulation simulation, int oneIn) {
        long[] userIds = simulation.players().stream().mapToLong(player -> player.userId).toArray();
        Arrays.sort(userIds);
        return userIds[userIds.length - Math.max(1, userIds.length / oneIn)];
    }
}
