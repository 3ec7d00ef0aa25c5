package io.playpulse.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
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
 * <p>One processing-time timer per player sweeps its expired ids in place when its oldest expires,
 * and re-arms for the next; a sweep scans the player's whole map, so they come at most every quarter
 * horizon, and an id outlives the horizon in memory by at most that. State TTL did this before, but
 * on the heap backend its clean-up copies a player's whole map for every entry it visits.
 *
 * <p>Builds before this one kept the ids under {@link #LEGACY_SEEN}, with state TTL. A savepoint of
 * such a build restores into it; at a player's first event the ids move here, remembered for a whole
 * horizon from then, so no retry slips through an upgrade. Once no savepoint older than this build
 * will be restored, the legacy state and its check can go.
 */
public class Deduplicator extends KeyedProcessFunction<Long, GameEvent, GameEvent> {
    private static final long serialVersionUID = 1L;

    public static final String LEGACY_SEEN = "seen-event-ids";

    private final Duration horizon;
    private transient MapState<String, Long> firstSeen;
    private transient ValueState<Long> sweepAt;
    private transient MapState<String, Boolean> legacySeen;
    private transient Counter duplicates;

    public Deduplicator(Duration horizon) {
        this.horizon = horizon;
    }

    /** As the earlier builds declared it, so that their savepoints restore. */
    public static MapStateDescriptor<String, Boolean> legacySeenDescriptor(Duration horizon) {
        MapStateDescriptor<String, Boolean> descriptor = new MapStateDescriptor<>(LEGACY_SEEN, Types.STRING,
                Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(horizon)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        return descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeen = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("first-seen-event-ids", Types.STRING, Types.LONG));
        sweepAt = getRuntimeContext().getState(new ValueStateDescriptor<>("sweep-at", Types.LONG));
        legacySeen = getRuntimeContext().getMapState(legacySeenDescriptor(horizon));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(GameEvent event, Context ctx, Collector<GameEvent> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (sweepAt.value() == null) {
            // Nothing remembered here yet: the player is new, or its ids are in an earlier build's state.
            adoptLegacy(now);
            armSweep(now, now, ctx.timerService());
        }
        Long seenAt = firstSeen.get(event.eventId);
        if (seenAt != null && now - seenAt < horizon.toMillis()) {
            duplicates.inc();
            return;
        }
        firstSeen.put(event.eventId, now);
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GameEvent> out) throws Exception {
        long oldest = Long.MAX_VALUE;
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> id : firstSeen.entries()) {
            if (timestamp - id.getValue() >= horizon.toMillis()) {
                expired.add(id.getKey());
            } else {
                oldest = Math.min(oldest, id.getValue());
            }
        }
        for (String id : expired) {
            firstSeen.remove(id);
        }
        if (oldest == Long.MAX_VALUE) {
            sweepAt.clear();
        } else {
            armSweep(oldest, timestamp, ctx.timerService());
        }
    }

    /** Sets the sweep for when an id first seen at {@code seenAt} expires, a quarter horizon after {@code now} at the earliest. */
    private void armSweep(long seenAt, long now, TimerService timers) throws Exception {
        long at = Math.max(seenAt + horizon.toMillis(), now + horizon.toMillis() / 4);
        timers.registerProcessingTimeTimer(at);
        sweepAt.update(at);
    }

    private void adoptLegacy(long now) throws Exception {
        if (legacySeen.isEmpty()) {
            return;
        }
        for (String id : legacySeen.keys()) {
            firstSeen.put(id, now);
        }
        legacySeen.clear();
    }
}
