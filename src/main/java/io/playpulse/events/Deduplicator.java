package io.playpulse.events;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by player: passes the first copy of each event_id and drops client retries that come within
 * the horizon (processing time since the first copy). A retry is the same event_id from the same
 * player, so the job shuffles events once, by player, for de-duplication and everything after it.
 *
 * <p>A player's ids and its sweep time are one value ({@link SeenEventIds}): an event costs one
 * state read, and a write only when it is new. One processing-time timer per player sweeps the
 * expired ids away when its oldest expires, and re-arms for the next; a sweep visits the player's
 * every id, so they come at most every quarter horizon, and an id outlives the horizon in memory by
 * at most that.
 *
 * <p>Builds from 49ba03e up to 4e59926 kept the ids in a map of strings ({@link #LEGACY_IDS}) and
 * the sweep time apart. A savepoint of such a build restores into it: at a player's first event or
 * sweep, its ids move into the new value with the times they were first seen. Savepoints of builds
 * before 49ba03e first go through one of those builds (docs/deploying.md). Once no savepoint older
 * than this build will be restored, the legacy state and its check can go.
 */
public class Deduplicator extends KeyedProcessFunction<Long, GameEvent, GameEvent> {
    private static final long serialVersionUID = 1L;

    public static final String LEGACY_IDS = "first-seen-event-ids";
    public static final String LEGACY_SWEEP_AT = "sweep-at";

    private final long horizonMs;
    private transient ValueState<SeenEventIds> seen;
    private transient MapState<String, Long> legacyIds;
    private transient ValueState<Long> legacySweepAt;
    private transient Counter duplicates;

    public Deduplicator(Duration horizon) {
        this.horizonMs = horizon.toMillis();
    }

    public static ValueStateDescriptor<SeenEventIds> seenDescriptor() {
        return new ValueStateDescriptor<>("event-ids", SeenEventIdsSerializer.INSTANCE);
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(seenDescriptor());
        legacyIds = getRuntimeContext().getMapState(new MapStateDescriptor<>(LEGACY_IDS, Types.STRING, Types.LONG));
        legacySweepAt = getRuntimeContext().getState(new ValueStateDescriptor<>(LEGACY_SWEEP_AT, Types.LONG));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(GameEvent event, Context ctx, Collector<GameEvent> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        SeenEventIds ids = seen.value();
        if (ids == null) {
            // Nothing remembered here yet: the player is new, or its ids are in an earlier build's state.
            ids = adoptLegacy();
            if (ids.sweepAt() == SeenEventIds.NONE) {
                armSweep(ids, now, now, ctx.timerService());
            }
            seen.update(ids);
        }
        if (!ids.rememberUnlessSeenAfter(event.eventId, now - horizonMs, now)) {
            duplicates.inc();
            return;
        }
        seen.update(ids);
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GameEvent> out) throws Exception {
        SeenEventIds ids = seen.value();
        if (ids == null) {
            ids = adoptLegacy(); // the sweep an earlier build armed
        }
        long oldest = ids.forgetUpTo(timestamp - horizonMs);
        if (oldest == SeenEventIds.NONE) {
            seen.clear();
        } else {
            armSweep(ids, oldest, timestamp, ctx.timerService());
            seen.update(ids);
        }
    }

    /** Sets the sweep for when an id first seen at {@code seenAt} expires, a quarter horizon after {@code now} at the earliest. */
    private void armSweep(SeenEventIds ids, long seenAt, long now, TimerService timers) {
        long at = Math.max(seenAt + horizonMs, now + horizonMs / 4);
        timers.registerProcessingTimeTimer(at);
        ids.setSweepAt(at);
    }

    /** The ids an earlier build remembered for this player, with their times and its armed sweep; empty for a new player. */
    private SeenEventIds adoptLegacy() throws Exception {
        SeenEventIds ids = new SeenEventIds();
        Long sweepAt = legacySweepAt.value();
        if (sweepAt == null) {
            return ids;
        }
        for (Map.Entry<String, Long> id : legacyIds.entries()) {
            ids.put(id.getKey(), id.getValue());
        }
        ids.setSweepAt(sweepAt);
        legacyIds.clear();
        legacySweepAt.clear();
        return ids;
    }
}
