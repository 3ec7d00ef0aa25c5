package io.playpulse.bench;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.config.PlayPulseOptions.DEDUP_HORIZON;
import static io.playpulse.config.PlayPulseOptions.OUT_OF_ORDERNESS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.Deduplicator;
import io.playpulse.events.GameEvent;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.PlayerActivity;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.SimulationSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * What the job keeps per player and per remembered event id, measured (scripts/bench.sh, not a
 * test): simulated play runs through the real de-duplicator and player function, on the heap state
 * backend, until {@code players} players (default 100,000) have played.
 * Then it reports the serialized state per remembered event id and per player (what RocksDB
 * stores, before its compression) and the heap the two operators' state holds. The same players
 * then play a million more events, which splits the heap into a term per event id and one per
 * player (docs/deploying.md sizes the manifest with them). With a second argument, it writes the
 * figures to that JSON file too.
 */
public final class StateFootprint {
    private static final long WATERMARK_EVERY = 1_000;
    private static final long MORE_EVENTS = 1_000_000;
    private static final int HORIZON_PLAYERS = 10_000;
    private static final long ACTION_INTERVAL_MS = 6_000;

    private StateFootprint() {}

    public static void main(String[] args) throws Exception {
        int players = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        PlayPulseConfig config = PlayPulseConfig.defaults();
        // Twice as many players as measured: about half of them are online from the start, so the
        // target is reached within a few actions each, as in a game with that many players online.
        SimulationSettings settings = SimulationSettings.defaults().withStartMs(System.currentTimeMillis());
        int population = (int) Math.ceil(players / settings.onlineFraction());
        GameSimulation simulation = new GameSimulation(settings.withPlayers(population));

        try (var dedup = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent>(
                        new KeyedProcessOperator<>(new Deduplicator(config.get(DEDUP_HORIZON))), e -> e.userId, Types.LONG);
                var activity = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact>(
                        new KeyedProcessOperator<>(new PlayerActivity(PlayerActivity.Settings.from(config))), e -> e.userId, Types.LONG)) {
            // Snapshots go to the JobManager's memory, which caps them at 5 MB unless told otherwise.
            dedup.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
            activity.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
            dedup.open();
            activity.open();
            long heapBefore = usedHeapAfterGc(); // the simulation's players included: they exist from the start
            Play play = new Play(simulation, dedup, activity, config.get(OUT_OF_ORDERNESS).toMillis(),
                    config.get(ALLOWED_LATENESS).toMillis());
            while (play.playersSeen < players) {
                play.next();
            }
            play.dropOutputs();
            long heapState = usedHeapAfterGc() - heapBefore;
            long ids = play.ids;
            long dedupBytes = stateSize(dedup.snapshot(1, 1));
            long playerBytes = stateSize(activity.snapshot(1, 1));
            System.out.printf("footprint: %,d players, %,d records, %,d distinct event ids (the harness clock stands "
                    + "still, so every id is still within the %s horizon)%n", players, play.records, ids, config.get(DEDUP_HORIZON));
            System.out.printf("footprint: de-duplication %,d bytes serialized: %.1f bytes per remembered event id%n",
                    dedupBytes, (double) dedupBytes / ids);
            System.out.printf("footprint: player function %,d bytes serialized: %.0f bytes per player "
                    + "(%,d timers)%n", playerBytes, (double) playerBytes / players, activity.numEventTimeTimers());
            System.out.printf("footprint: heap held by both operators' state (hashmap backend): %,d MB for %,d players%n",
                    heapState >> 20, players);
            // The same players play on, and a few more join. Two measurements of heap = players x P + ids x I
            // give what a player (P) and an event id within the horizon (I) hold: the terms for sizing a TaskManager.
            while (play.ids < ids + MORE_EVENTS) {
                play.next();
            }
            play.dropOutputs();
            long heapLater = usedHeapAfterGc() - heapBefore;
            double heapPerId = ((double) heapLater * players - (double) heapState * play.playersSeen)
                    / ((double) play.ids * players - (double) ids * play.playersSeen);
            double heapPerPlayer = (heapState - ids * heapPerId) / players;
            System.out.printf("footprint: heap per event id within the horizon %.0f bytes, per player %.0f bytes (hashmap "
                    + "backend; from the heap at %,d players and %,d ids, and at %,d players and %,d ids)%n",
                    heapPerId, heapPerPlayer, players, ids, play.playersSeen, play.ids);
            HorizonFull full = horizonFull(config);
            System.out.printf("footprint: de-duplication at a full horizon (%,d players acting every %d s for %s): %,d ids, "
                    + "%.1f bytes serialized and %.0f bytes of heap per id%n", HORIZON_PLAYERS, ACTION_INTERVAL_MS / 1000,
                    config.get(DEDUP_HORIZON), full.ids, full.serializedPerId, full.heapPerId);
            if (args.length > 1) {
                ObjectNode json = new ObjectMapper().createObjectNode();
                json.put("players", players);
                json.put("distinct_event_ids", ids);
                json.put("dedup_bytes_per_event_id", Math.round((double) dedupBytes / ids * 10) / 10.0);
                json.put("player_state_bytes_per_player", Math.round((double) playerBytes / players));
                json.put("state_heap_mb_hashmap", heapState >> 20);
                json.put("heap_bytes_per_event_id", Math.round(heapPerId));
                json.put("heap_bytes_per_player", Math.round(heapPerPlayer));
                json.put("full_horizon_dedup_bytes_per_event_id", Math.round(full.serializedPerId * 10) / 10.0);
                json.put("full_horizon_heap_bytes_per_event_id", Math.round(full.heapPerId));
                Files.writeString(Path.of(args[1]), json.toPrettyString() + "\n");
            }
        }
    }

    /** The de-duplicator's state per id when every player holds a whole horizon of ids. */
    private record HorizonFull(long ids, double serializedPerId, double heapPerId) {}

    /**
     * The first measurement sees players who have just arrived, with an id or two each. A player
     * who stays keeps an id per action for a whole horizon: here players acting every
     * {@link #ACTION_INTERVAL_MS}, each id a random UUID, as clients write them.
     */
    private static HorizonFull horizonFull(PlayPulseConfig config) throws Exception {
        long horizonMs = config.get(DEDUP_HORIZON).toMillis();
        long idsPerPlayer = horizonMs / ACTION_INTERVAL_MS;
        java.util.Random random = new java.util.Random(7);
        try (var dedup = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent>(
                new KeyedProcessOperator<>(new Deduplicator(config.get(DEDUP_HORIZON))), e -> e.userId, Types.LONG)) {
            dedup.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
            dedup.open();
            GameEvent event = new GameEvent();
            long heapBefore = usedHeapAfterGc();
            for (long i = 0; i < idsPerPlayer; i++) {
                dedup.setProcessingTime(i * ACTION_INTERVAL_MS);
                for (int player = 0; player < HORIZON_PLAYERS; player++) {
                    event.userId = player;
                    event.eventId = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
                    dedup.processElement(event, 0);
                }
                dedup.getOutput().clear();
            }
            long heap = usedHeapAfterGc() - heapBefore;
            long ids = idsPerPlayer * HORIZON_PLAYERS;
            return new HorizonFull(ids, (double) stateSize(dedup.snapshot(1, 1)) / ids, (double) heap / ids);
        }
    }

    /** Simulated play through both operators, as the job feeds them. */
    private static final class Play {
        private final GameSimulation simulation;
        private final KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent> dedup;
        private final KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact> activity;
        private final long outOfOrderness;
        private final long lateness;
        // The simulation numbers players 100,000 + 7 * index + (0..6).
        private final BitSet seen = new BitSet();
        int playersSeen;
        long ids;
        long records;
        private long maxTs = Long.MIN_VALUE;
        private long watermark = Long.MIN_VALUE;

        Play(GameSimulation simulation, KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, GameEvent> dedup,
                KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact> activity, long outOfOrderness,
                long lateness) {
            this.simulation = simulation;
            this.dedup = dedup;
            this.activity = activity;
            this.outOfOrderness = outOfOrderness;
            this.lateness = lateness;
        }

        void next() throws Exception {
            GeneratedRecord r = simulation.next();
            if (r.kind() == GeneratedRecord.Kind.MALFORMED) {
                return;
            }
            GameEvent e = r.event();
            records++;
            if (r.kind() == GeneratedRecord.Kind.VALID) {
                ids++;
            }
            int player = (int) ((e.userId - 100_000) / 7);
            if (!seen.get(player)) {
                seen.set(player);
                playersSeen++;
            }
            dedup.processElement(e, e.timestampMs);
            maxTs = Math.max(maxTs, e.timestampMs);
            // What reaches the player function: distinct events within the lateness.
            if (r.kind() == GeneratedRecord.Kind.VALID && e.timestampMs >= watermark + 1 - lateness) {
                activity.processElement(e, e.timestampMs);
            }
            if (records % WATERMARK_EVERY == 0) {
                watermark = maxTs - outOfOrderness - 1;
                activity.processWatermark(new Watermark(watermark));
                dropOutputs();
            }
        }

        void dropOutputs() {
            activity.getOutput().clear();
            dedup.getOutput().clear();
        }
    }

    private static long stateSize(OperatorSubtaskState snapshot) {
        long bytes = 0;
        for (KeyedStateHandle handle : snapshot.getManagedKeyedState()) {
            bytes += handle.getStateSize();
        }
        return bytes;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
