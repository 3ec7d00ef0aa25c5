package io.playpulse.tools;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.tools.GeneratedRecord.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Weeks of simulated long-term play, a share of the players drifting away until they stop, sent
 * through the production job into a ClickHouse database: history for the churn trainer on a
 * machine that has none (scripts/train.sh --simulate-days N). The database is re-created and kept;
 * the topics are temporary.
 *
 * <p>Options: {@code --simulate-days 28 --players 400 --churn-ratio 0.35 --seed 42
 * --history-database playpulse_history}, and the benchmark's {@code --parallelism --state-backend}.
 */
public final class ChurnHistory {
    private static final long DAY = Duration.ofDays(1).toMillis();

    private ChurnHistory() {}

    /** Simulates, runs the job until every event and score is stored; returns the database. */
    public static ClickHouseHttp simulate(ParameterTool p) throws Exception {
        int days = p.getInt("simulate-days", 28);
        int players = p.getInt("players", 400);
        String database = p.get("history-database", "playpulse_history");
        try (LocalPipeline local = new LocalPipeline(p, "hashmap", "10s", Path.of(".run/history/checkpoints"))) {
            ClickHouseHttp ch = local.freshDatabase(database);
            long end = Math.floorDiv(System.currentTimeMillis(), DAY) * DAY;
            long start = end - days * DAY;
            SimulationSettings settings = SimulationSettings.longTermPlay(
                    p.getLong("seed", 42L), start, players, days, p.getDouble("churn-ratio", 0.35));
            String topic = local.temporaryTopic("history", 4);
            System.out.printf("history: %d players, %d days from %s, into %s%n", players, days,
                    Instant.ofEpochMilli(start), database);
            long distinct = send(local, topic, settings, end);

            Map<String, String> job = local.jobSettings(topic, ch);
            job.put("validation.max-event-age", (days + 2) + " d");
            JobClient client = local.startJob(PlayPulseConfig.of(job), "churn-history");
            awaitStored(ch, distinct, Duration.ofMinutes(30));
            client.cancel().get();
            System.out.printf("history: %,d events, %,d churn observations (%,d at midnights) in %s%n",
                    ch.count("SELECT count() FROM game_events"), ch.count("SELECT count() FROM churn_predictions"),
                    ch.count("SELECT count() FROM churn_predictions WHERE trigger = 'daily'"), database);
            return ch;
        }
    }

    /** Sends the simulation up to {@code endMs}; returns how many distinct valid events it holds. */
    private static long send(LocalPipeline local, String topic, SimulationSettings settings, long endMs) {
        GameSimulation simulation = new GameSimulation(settings);
        Set<String> distinct = new HashSet<>();
        try (KafkaProducer<String, byte[]> producer = local.producer()) {
            for (GeneratedRecord r = simulation.next(); r.emitAtMs() < endMs; r = simulation.next()) {
                if (r.kind() != Kind.MALFORMED) {
                    distinct.add(r.event().eventId);
                }
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
        }
        return distinct.size();
    }

    /** Until every event is stored and the scores have stopped coming for ten seconds. */
    private static void awaitStored(ClickHouseHttp ch, long events, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastScores = -1;
        long steadySince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            long stored = ch.count("SELECT count() FROM game_events FINAL");
            long scores = ch.count("SELECT count() FROM churn_predictions");
            if (scores != lastScores || stored < events) {
                lastScores = scores;
                steadySince = System.nanoTime();
            } else if (System.nanoTime() - steadySince > Duration.ofSeconds(10).toNanos()) {
                return;
            }
            System.out.printf("history: %,d of %,d events stored, %,d churn observations%n", stored, events, scores);
        }
        throw new IllegalStateException("the job did not store the history within " + timeout);
    }
}
