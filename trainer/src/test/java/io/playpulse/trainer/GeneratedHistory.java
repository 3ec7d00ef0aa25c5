package io.playpulse.trainer;

import io.playpulse.churn.LabelledObservation;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.GameEvent;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.ChurnFeatures;
import io.playpulse.player.ChurnObservation;
import io.playpulse.player.PlayerActivity;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.GeneratedRecord.Kind;
import io.playpulse.tools.SimulationSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Weeks of simulated long-term play, some players drifting away, replayed in event-time order
 * through the job's own {@link PlayerActivity} in a test harness: the daily observations it makes,
 * labelled from the generated events (no activity in the 7 days from the observation midnight),
 * exactly as sql/queries/churn_training_set.sql labels the rows in ClickHouse.
 */
public final class GeneratedHistory {
    static final long DAY = 24 * 3_600_000L;
    static final long WEEK = 7 * DAY;

    private GeneratedHistory() {}

    /** Long-term play for {@code days} days from a midnight, {@code players} players, a third drifting away. */
    public static SimulationSettings settings(long seed, int players, int days) {
        long start = (1_764_000_000_000L / DAY) * DAY;
        return SimulationSettings.longTermPlay(seed, start, players, days, 0.35);
    }

    static List<GameEvent> events(SimulationSettings settings, int days) {
        long end = settings.startMs() + days * DAY;
        GameSimulation simulation = new GameSimulation(settings);
        Map<String, GameEvent> distinct = new HashMap<>();
        for (GeneratedRecord r = simulation.next(); r.emitAtMs() < end; r = simulation.next()) {
            if (r.kind() != Kind.MALFORMED) {
                distinct.putIfAbsent(r.event().eventId, r.event());
            }
        }
        List<GameEvent> events = new ArrayList<>(distinct.values());
        events.sort(Comparator.comparingLong((GameEvent e) -> e.timestampMs).thenComparing(e -> e.eventId));
        return events;
    }

    /** The training set the job's daily observations of {@code events} make. */
    static List<LabelledObservation> labelled(List<GameEvent> events, PlayPulseConfig config) throws Exception {
        Map<Long, TreeSet<Long>> activity = activity(events);
        long lastEvent = events.get(events.size() - 1).timestampMs;
        List<LabelledObservation> out = new ArrayList<>();
        for (ChurnObservation o : observe(events, config)) {
            int sinceLast = ChurnFeatures.NAMES.indexOf("days_since_last_activity");
            if (!o.trigger.equals(ChurnObservation.DAILY) || o.features[sinceLast] >= 7
                    || o.observedAtMs + WEEK > lastEvent) {
                continue;
            }
            out.add(new LabelledObservation(o.userId, o.observedAtMs, o.features, churned(activity, o.userId, o.observedAtMs)));
        }
        return out;
    }

    /** Each player's event times. */
    public static Map<Long, TreeSet<Long>> activity(List<GameEvent> events) {
        Map<Long, TreeSet<Long>> activity = new HashMap<>();
        events.forEach(e -> activity.computeIfAbsent(e.userId, k -> new TreeSet<>()).add(e.timestampMs));
        return activity;
    }

    /** The label: no activity in the week from {@code atMs}. */
    public static boolean churned(Map<Long, TreeSet<Long>> activity, long userId, long atMs) {
        Long next = activity.get(userId).ceiling(atMs);
        return next == null || next >= atMs + WEEK;
    }

    /** Every observation {@link PlayerActivity} sends for churn, the watermark following the events minute by minute. */
    static List<ChurnObservation> observe(List<GameEvent> events, PlayPulseConfig config) throws Exception {
        List<ChurnObservation> out = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PlayerActivity(PlayerActivity.Settings.from(config))),
                        e -> e.userId, Types.LONG)) {
            harness.open();
            long watermark = Long.MIN_VALUE;
            for (GameEvent e : events) {
                long minute = e.timestampMs / 60_000 * 60_000;
                if (minute - 1 > watermark) {
                    watermark = minute - 1;
                    harness.processWatermark(new Watermark(watermark));
                    drain(harness, out);
                }
                harness.processElement(e, e.timestampMs);
            }
            harness.processWatermark(new Watermark(events.get(events.size() - 1).timestampMs));
            drain(harness, out);
        }
        return out;
    }

    private static void drain(KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact> harness,
            List<ChurnObservation> out) {
        harness.getOutput().clear();
        var side = harness.getSideOutput(PlayerActivity.CHURN_OBSERVATIONS);
        if (side != null) {
            for (StreamRecord<ChurnObservation> r : side) {
                out.add(r.getValue());
            }
            side.clear();
        }
    }
}
