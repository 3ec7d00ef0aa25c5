package io.playpulse.trainer;

import static io.playpulse.it.LiveServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import io.playpulse.churn.ChurnModel;
import io.playpulse.churn.LabelledObservation;
import io.playpulse.churn.TrainingSet;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.it.GeneratedInput;
import io.playpulse.it.JobRunner;
import io.playpulse.it.LiveServices;
import io.playpulse.it.SqlFiles;
import io.playpulse.it.TopicReader;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.SimulationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three simulated weeks of play, a third of the players drifting away, through the production job
 * with the shipped model: every session end and every midnight is scored into churn_predictions
 * (by the model file's own numbers), high-risk players page the retention team once a day, and the
 * trainer, reading ClickHouse, gets the labels the input implies and learns them on held-out players.
 */
class ChurnIT {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WEEK = 7 * DAY;
    private static final int DAYS = 21;
    private static final long IDLE_TIMEOUT_MS = Duration.ofMinutes(30).toMillis();
    private static final Path MODEL = Path.of("models", "churn-v1.json");

    @TempDir
    Path checkpoints;

    @Test
    void weeksOfPlayAreScoredAndTheTrainerLearnsFromClickHouse() throws Exception {
        String name = unique("churn");
        String eventsTopic = name + "-events";
        String alertsTopic = name + "-alerts";
        LiveServices.createTopics(Map.of(eventsTopic, 4, name + "-dlq", 1, alertsTopic, 1));
        ClickHouseHttp ch = LiveServices.freshDatabase("it_churn");

        Map<String, String> settings = LiveServices.jobSettings(name, ch);
        settings.put("checkpoint-interval", "2 s");
        settings.put("validation.max-event-age", (DAYS + 2) + " d");
        settings.put("churn.model", MODEL.toString());
        settings.put("session.idle-timeout", IDLE_TIMEOUT_MS + " ms");
        PlayPulseConfig config = PlayPulseConfig.of(settings);

        long end = Math.floorDiv(System.currentTimeMillis(), DAY) * DAY;
        SimulationSettings simulation = SimulationSettings.longTermPlay(13L, end - DAYS * DAY, 200, DAYS, 0.35);
        List<GeneratedRecord> records = GeneratedInput.simulate(simulation, end);
        try (JobRunner runner = new JobRunner(2, "hashmap", checkpoints)) {
            runner.start(config);
            GeneratedInput input = GeneratedInput.send(eventsTopic, records, 0).get(2, TimeUnit.MINUTES);
            List<GameEvent> events = new ArrayList<>(input.distinctValidEvents().values());
            JobRunner.await("every event and score stored", Duration.ofMinutes(6), () -> stored(ch, events.size()));

            assertTheTrainingSetIsLabelledAsTheInputImplies(ch, events);
            assertEverySessionEndAndMidnightIsScoredByTheModel(ch, events);
            assertHighRiskPlayersArePagedOncePerDay(ch, alertsTopic);
            assertTheHighRiskQueryListsEachPlayersLatestScore(ch, end);
        } finally {
            LiveServices.dropDatabase(ch);
        }
    }

    private long lastScores = -1;
    private long steadyPolls;

    /** Every event stored, and no new scores for three polls in a row. */
    private boolean stored(ClickHouseHttp ch, int events) {
        try {
            long scores = ch.count("SELECT count() FROM churn_predictions");
            boolean allEvents = ch.count("SELECT count() FROM game_events FINAL") == events;
            steadyPolls = allEvents && scores == lastScores ? steadyPolls + 1 : 0;
            lastScores = scores;
            return steadyPolls >= 6;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertTheTrainingSetIsLabelledAsTheInputImplies(ClickHouseHttp ch, List<GameEvent> events)
            throws Exception {
        Map<Long, TreeSet<Long>> activity = GeneratedHistory.activity(events);
        long lastEvent = events.stream().mapToLong(e -> e.timestampMs).max().orElseThrow();
        List<LabelledObservation> data = TrainingSet.load(ch, Path.of("sql"));

        Set<String> rows = new HashSet<>();
        for (LabelledObservation o : data) {
            assertThat(o.churned()).as("label of player %d at %d", o.userId(), o.observedAtMs())
                    .isEqualTo(GeneratedHistory.churned(activity, o.userId(), o.observedAtMs()));
            rows.add(o.userId() + "@" + o.observedAtMs());
        }
        // Which (player, midnight) pairs belong in the set: active in the week before, label known.
        // The job's features may include a few seconds past midnight, so the edges are left out.
        Set<String> surelyIn = new HashSet<>();
        Set<String> possiblyIn = new HashSet<>();
        long firstMidnight = Math.floorDiv(events.get(0).timestampMs, DAY) * DAY + DAY;
        for (long t = firstMidnight; t + WEEK <= lastEvent; t += DAY) {
            for (Map.Entry<Long, TreeSet<Long>> player : activity.entrySet()) {
                Long before = player.getValue().floor(t - 60_000);
                if (before != null && before > t - WEEK + 60_000) {
                    surelyIn.add(player.getKey() + "@" + t);
                }
                Long near = player.getValue().floor(t + 60_000);
                if (near != null && near > t - WEEK) {
                    possiblyIn.add(player.getKey() + "@" + t);
                }
            }
        }
        assertThat(surelyIn).hasSizeGreaterThan(1000);
        assertThat(rows).containsAll(surelyIn);
        assertThat(possiblyIn).containsAll(rows);

        ChurnTrainer.Result result = new ChurnTrainer(ChurnTrainer.Settings.defaults()).train(data, "churn-it");
        result.summary().forEach(line -> System.out.println("ChurnIT: " + line));
        assertThat(data.stream().filter(LabelledObservation::churned).count()).isGreaterThan(100);
        assertThat(result.holdOut().auc()).as("held-out AUC, trained from ClickHouse").isGreaterThanOrEqualTo(0.85);
    }

    private static void assertEverySessionEndAndMidnightIsScoredByTheModel(ClickHouseHttp ch, List<GameEvent> events)
            throws Exception {
        ChurnModel model = ChurnModel.read(MODEL);
        List<Map<String, String>> rows = ch.query("SELECT * FROM churn_predictions FINAL");
        Set<String> sessionEnds = new HashSet<>();
        Map<Long, Set<Long>> dailyByMidnight = new HashMap<>();
        for (Map<String, String> r : rows) {
            double[] features = TrainingSet.features(r);
            double probability = Double.parseDouble(r.get("churn_probability"));
            assertThat(r.get("model_version")).isEqualTo(model.version());
            assertThat(probability).as("the job's score is the model file's").isCloseTo(model.probability(features),
                    org.assertj.core.api.Assertions.within(1e-12));
            assertThat(r.get("risk_level")).isEqualTo(ChurnModel.riskLevel(probability));
            long user = Long.parseLong(r.get("user_id"));
            long at = Long.parseLong(r.get("predicted_at_ms"));
            if (r.get("trigger").equals("session_end")) {
                sessionEnds.add(user + "@" + at);
            } else {
                dailyByMidnight.computeIfAbsent(at, k -> new HashSet<>()).add(user);
            }
        }
        // Sessions as the input implies them (the players' events arrive in time order here): a logout
        // ends one, and so does a 30-minute silence, at its last event. A player's last session may
        // still be open when the stream stops, unless a logout ended it.
        Set<String> closed = new HashSet<>();
        Set<String> perhapsOpen = new HashSet<>();
        Map<Long, List<GameEvent>> byPlayer = new HashMap<>();
        events.forEach(e -> byPlayer.computeIfAbsent(e.userId, k -> new ArrayList<>()).add(e));
        for (List<GameEvent> played : byPlayer.values()) {
            played.sort(Comparator.comparingLong(e -> e.timestampMs));
            GameEvent last = null;
            for (GameEvent e : played) {
                if (last != null && last.eventType != EventType.USER_LOGOUT
                        && e.timestampMs - last.timestampMs >= IDLE_TIMEOUT_MS) {
                    closed.add(e.userId + "@" + last.timestampMs);
                }
                if (e.eventType == EventType.USER_LOGOUT) {
                    closed.add(e.userId + "@" + e.timestampMs);
                }
                last = e;
            }
            if (last.eventType != EventType.USER_LOGOUT) {
                perhapsOpen.add(last.userId + "@" + last.timestampMs);
            }
        }
        assertThat(sessionEnds).as("every session the input ends is scored at its end").containsAll(closed);
        Set<String> unexpected = new HashSet<>(sessionEnds);
        unexpected.removeAll(closed);
        unexpected.removeAll(perhapsOpen);
        assertThat(unexpected).as("and no other instant").isEmpty();

        // Every player seen in the two weeks before a midnight (and before the last one the stream closed) is scored at it.
        long lastMidnight = Math.floorDiv(events.stream().mapToLong(e -> e.timestampMs).max().orElseThrow() - 60_000,
                DAY) * DAY;
        Map<Long, TreeSet<Long>> activity = GeneratedHistory.activity(events);
        for (long t = Math.floorDiv(events.get(0).timestampMs, DAY) * DAY + DAY; t <= lastMidnight; t += DAY) {
            Set<Long> expected = new HashSet<>();
            for (Map.Entry<Long, TreeSet<Long>> player : activity.entrySet()) {
                Long before = player.getValue().floor(t - 60_000);
                if (before != null && before > t - 14 * DAY + 60_000) {
                    expected.add(player.getKey());
                }
            }
            assertThat(dailyByMidnight.getOrDefault(t, Set.of())).as("scored at midnight %d", t).containsAll(expected);
        }
        assertThat(rows.stream().filter(r -> "high".equals(r.get("risk_level"))).count()).isPositive();
    }

    /** sql/queries/churn_high_risk_players.sql, run as of the stream's end instead of now(). */
    private static void assertTheHighRiskQueryListsEachPlayersLatestScore(ClickHouseHttp ch, long endMs)
            throws Exception {
        long from = endMs - DAY;
        Map<Long, Map<String, String>> latest = new HashMap<>();
        for (Map<String, String> r : ch.query("SELECT * FROM churn_predictions FINAL")) {
            long at = Long.parseLong(r.get("predicted_at_ms"));
            Map<String, String> previous = latest.get(Long.parseLong(r.get("user_id")));
            if (at / 1000 * 1000 >= from
                    && (previous == null || at > Long.parseLong(previous.get("predicted_at_ms")))) {
                latest.put(Long.parseLong(r.get("user_id")), r);
            }
        }
        List<Map<String, String>> highRisk = latest.values().stream()
                .filter(r -> r.get("risk_level").equals("high"))
                .sorted(Comparator.comparingDouble((Map<String, String> r) -> -Double.parseDouble(r.get("churn_probability")))
                        .thenComparingLong(r -> Long.parseLong(r.get("user_id"))))
                .limit(100)
                .toList();
        String query = SqlFiles.query("churn_high_risk_players")
                .replace("now()", "toDateTime(" + endMs / 1000 + ")");
        List<Map<String, String>> listed = ch.query(query);
        assertThat(highRisk).isNotEmpty();
        assertThat(listed).extracting(r -> r.get("user_id"))
                .containsExactlyElementsOf(highRisk.stream().map(r -> r.get("user_id")).toList());
        assertThat(listed).extracting(r -> r.get("probability"))
                .containsExactlyElementsOf(highRisk.stream().map(r -> r.get("churn_probability")).toList());
    }

    private static void assertHighRiskPlayersArePagedOncePerDay(ClickHouseHttp ch, String alertsTopic)
            throws Exception {
        Set<String> expected = new HashSet<>();
        for (Map<String, String> r : ch.query("SELECT DISTINCT user_id, intDiv(predicted_at_ms, 86400000) AS day "
                + "FROM churn_predictions FINAL WHERE risk_level = 'high'")) {
            expected.add(Alert.idFor("churn_risk", r.get("user_id") + "|" + r.get("day")));
        }
        List<String> paged = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(alertsTopic)) {
            JsonNode alert = AlertJson.parse(r.value());
            if (alert.get("rule").asText().equals("churn_risk")) {
                paged.add(alert.get("alert_id").asText());
                assertThat(alert.get("severity").asText()).isEqualTo("info");
            }
        }
        assertThat(paged).isNotEmpty().doesNotHaveDuplicates();
        assertThat(new HashSet<>(paged)).isEqualTo(expected);
    }
}
