package io.playpulse.kpi;

import io.playpulse.player.ActivityFact;
import io.playpulse.player.PlayerActivity;
import io.playpulse.player.PresenceTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by day and platform: daily active, new and returning players from the players' first
 * activity of the day ({@link FactKind#DAILY} facts). At every minute's end it emits the counts of
 * players whose first activity came before that instant (an early result); when the day closes it
 * emits the final row. A late correction re-emits the latest row; ClickHouse keeps the newest.
 */
public class DailyPlayers extends KeyedProcessFunction<String, ActivityFact, DailyPlayersRow> {
    private static final long serialVersionUID = 1L;

    private static final long MINUTE = PlayerActivity.MINUTE;
    private static final long DAY = PlayerActivity.DAY;

    private final long latenessMs;
    private transient ValueState<DailyCounts> counts;
    /** Changes at minutes the last row did not cover yet: minute -> {active, new}. */
    private transient MapState<Long, long[]> pending;

    public DailyPlayers(Duration allowedLateness) {
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getState(
                new ValueStateDescriptor<>("counts", TypeInformation.of(DailyCounts.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "pending", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(ActivityFact f, Context ctx, Collector<DailyPlayersRow> out) throws Exception {
        DailyCounts c = counts.value();
        if (c == null) {
            c = new DailyCounts();
        }
        long day = PlayerActivity.start(f.timestampMs, DAY);
        if (f.timestampMs < c.emittedAsOfMs) {
            // Before the last row's instant: it changes that row.
            c.activeUsers += f.delta;
            c.newPlayers += f.newPlayer ? f.delta : 0;
            out.collect(row(ctx.getCurrentKey(), day, c));
        } else {
            long[] changes = pending.get(f.timestampMs);
            if (changes == null) {
                changes = new long[2];
            }
            changes[0] += f.delta;
            changes[1] += f.newPlayer ? f.delta : 0;
            pending.put(f.timestampMs, changes);
            if (!c.closed) {
                long next = Math.max(PresenceTimeline.minuteEndOf(f.timestampMs),
                        firstOpenMinuteEnd(ctx.timerService().currentWatermark()));
                ctx.timerService().registerEventTimeTimer(Math.min(next, day + DAY) - 1);
            }
        }
        counts.update(c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DailyPlayersRow> out) throws Exception {
        DailyCounts c = counts.value();
        if (c == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        long day = Long.parseLong(key.substring(0, key.indexOf('|')));
        long asOf = timestamp + 1;
        if (asOf > day + DAY) {
            // The day closed and its lateness passed: nothing can change it any more.
            counts.clear();
            pending.clear();
            return;
        }
        if (asOf <= c.emittedAsOfMs) {
            return;
        }
        List<Long> covered = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : pending.entries()) {
            if (e.getKey() < asOf) {
                c.activeUsers += e.getValue()[0];
                c.newPlayers += e.getValue()[1];
                covered.add(e.getKey());
            }
        }
        for (Long minute : covered) {
            pending.remove(minute);
        }
        c.emittedAsOfMs = asOf;
        c.closed = asOf == day + DAY;
        out.collect(row(key, day, c));
        if (c.closed) {
            ctx.timerService().registerEventTimeTimer(PlayerActivity.wakeAfter(day + DAY + latenessMs + 1));
        } else {
            ctx.timerService().registerEventTimeTimer(asOf + MINUTE - 1);
        }
        counts.update(c);
    }

    private static long firstOpenMinuteEnd(long watermark) {
        return watermark == Long.MIN_VALUE ? Long.MIN_VALUE : (Math.floorDiv(watermark + 1, MINUTE) + 1) * MINUTE;
    }

    private static DailyPlayersRow row(String key, long day, DailyCounts c) {
        DailyPlayersRow r = new DailyPlayersRow();
        r.dayStartMs = day;
        r.platform = key.substring(key.indexOf('|') + 1);
        r.activeUsers = c.activeUsers;
        r.newPlayers = c.newPlayers;
        r.asOfMs = c.emittedAsOfMs;
        r.isFinal = c.closed;
        return r;
    }
}
