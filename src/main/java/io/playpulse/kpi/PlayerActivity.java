package io.playpulse.kpi;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
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
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by player: the one place that knows a player over time. For every on-time event it emits
 * an {@link FactKind#EVENT} fact flagged with the distinct-user cells the event opened; once a
 * minute while the player is online it emits a {@link FactKind#PRESENCE} mark (concurrent users);
 * and it tracks each player's first activity per day and platform ({@link FactKind#DAILY}: daily
 * actives, new and returning players).
 *
 * <p>A late event (within the allowed lateness) that changes an answer already given emits the
 * correction: -1 for the old mark, +1 for the new one, at the time it corrects.
 *
 * <p>All timers sit at minute ends (minus 1 ms). State is cleared once nothing can change it: the
 * presence timeline after the idle timeout plus the lateness, each open cell after its window plus
 * the lateness, the first-seen day after the player retention (state TTL).
 */
public class PlayerActivity extends KeyedProcessFunction<Long, GameEvent, ActivityFact> {
    private static final long serialVersionUID = 1L;

    static final long MINUTE = PresenceTimeline.MINUTE;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private final long idleTimeoutMs;
    private final long latenessMs;
    private final Duration playerRetention;

    private transient ValueState<PresenceTimeline> presence;
    private transient MapState<String, Long> openCells;
    private transient MapState<String, DailyCell> dailyCells;
    private transient ValueState<Long> firstSeen;

    public PlayerActivity(Duration idleTimeout, Duration allowedLateness, Duration playerRetention) {
        this.idleTimeoutMs = idleTimeout.toMillis();
        this.latenessMs = allowedLateness.toMillis();
        this.playerRetention = playerRetention;
    }

    @Override
    public void open(OpenContext openContext) {
        presence = getRuntimeContext().getState(
                new ValueStateDescriptor<>("presence", TypeInformation.of(PresenceTimeline.class)));
        openCells = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("open-cells", Types.STRING, Types.LONG));
        dailyCells = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("daily-cells", Types.STRING, TypeInformation.of(DailyCell.class)));
        ValueStateDescriptor<Long> firstSeenDescriptor = new ValueStateDescriptor<>("first-seen", Types.LONG);
        firstSeenDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(playerRetention)
                .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
                .build());
        firstSeen = getRuntimeContext().getState(firstSeenDescriptor);
    }

    @Override
    public void processElement(GameEvent e, Context ctx, Collector<ActivityFact> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        out.collect(eventFact(e, ctx));
        trackDaily(e, ctx, out);
        trackPresence(e, watermark, ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ActivityFact> out) throws Exception {
        long minuteEnd = timestamp + 1;
        long watermark = ctx.timerService().currentWatermark();
        PresenceTimeline timeline = presence.value();
        if (timeline != null) {
            PresencePoint online = timeline.onlineAt(minuteEnd, idleTimeoutMs);
            if (online != null && timeline.sentAt(minuteEnd) == null) {
                out.collect(presenceFact(minuteEnd, online, 1));
                timeline.setSent(minuteEnd, online);
            }
            // Later minute ends may still be due in this same watermark step: keep what they need.
            timeline.prune(Math.min(floor(watermark), minuteEnd));
            long next = timeline.nextOnlineEnd(minuteEnd, idleTimeoutMs);
            if (next != Long.MAX_VALUE) {
                ctx.timerService().registerEventTimeTimer(next - 1);
            }
            PresencePoint last = timeline.latest();
            if (timeline.sent.length == 0 && next == Long.MAX_VALUE
                    && watermark + 1 >= last.ts + idleTimeoutMs + latenessMs) {
                // No accepted event can now fall inside this player's last online stretch.
                presence.clear();
            } else {
                presence.update(timeline);
            }
        }
        expireCells(watermark);
    }

    /** The lowest timestamp an accepted event can still have: the watermark minus the lateness. */
    private long floor(long watermark) {
        return watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark + 1 - latenessMs;
    }

    private ActivityFact eventFact(GameEvent e, Context ctx) throws Exception {
        ActivityFact f = new ActivityFact();
        f.kind = FactKind.EVENT;
        f.timestampMs = e.timestampMs;
        f.eventType = e.eventType;
        f.platform = e.platform;
        f.serverId = e.serverId;
        f.currency = e.currency;
        f.level = e.level == null ? 0 : e.level;
        f.revenue = e.revenueMinorUnits();
        f.delta = 1;
        long ts = e.timestampMs;
        long minute = start(ts, MINUTE);
        f.firstIn |= open(ctx, "m|" + minute + "|" + e.platform, minute + MINUTE, FirstIn.MINUTE);
        f.firstIn |= open(ctx, "t|" + minute + "|" + e.eventType.code() + "|" + e.platform, minute + MINUTE,
                FirstIn.MINUTE_TYPE);
        if (e.eventType == EventType.USER_LOGIN) {
            f.firstIn |= open(ctx, "i|" + minute + "|" + e.platform, minute + MINUTE, FirstIn.MINUTE_LOGIN);
        } else if (e.eventType == EventType.USER_LOGOUT) {
            f.firstIn |= open(ctx, "o|" + minute + "|" + e.platform, minute + MINUTE, FirstIn.MINUTE_LOGOUT);
        }
        long hour = start(ts, HOUR);
        f.firstIn |= open(ctx, "h|" + hour + "|" + e.platform, hour + HOUR, FirstIn.HOUR);
        if (e.eventType.isMoney()) {
            long fiveMinutes = start(ts, 5 * MINUTE);
            long day = start(ts, DAY);
            f.firstIn |= open(ctx, "p5|" + fiveMinutes + "|" + e.currency, fiveMinutes + 5 * MINUTE,
                    FirstIn.PAYER_5_MINUTES);
            f.firstIn |= open(ctx, "ph|" + hour + "|" + e.currency, hour + HOUR, FirstIn.PAYER_HOUR);
            f.firstIn |= open(ctx, "pd|" + day + "|" + e.currency, day + DAY, FirstIn.PAYER_DAY);
        }
        if (Gameplay.TYPES.contains(e.eventType)) {
            long tenMinutes = start(ts, 10 * MINUTE);
            f.firstIn |= open(ctx, "g|" + tenMinutes + "|" + e.eventType.code() + "|" + f.level,
                    tenMinutes + 10 * MINUTE, FirstIn.GAMEPLAY_10_MINUTES);
        }
        return f;
    }

    /** Marks a cell open for this player; returns {@code flag} if this event opened it. */
    private int open(Context ctx, String cell, long windowEnd, int flag) throws Exception {
        if (openCells.contains(cell)) {
            return 0;
        }
        openCells.put(cell, windowEnd);
        ctx.timerService().registerEventTimeTimer(wakeAfter(windowEnd + latenessMs));
        return flag;
    }

    private void expireCells(long watermark) throws Exception {
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> cell : openCells.entries()) {
            if (watermark >= cell.getValue() + latenessMs - 1) {
                expired.add(cell.getKey());
            }
        }
        for (String cell : expired) {
            openCells.remove(cell);
        }
        List<String> expiredDays = new ArrayList<>();
        for (String cell : dailyCells.keys()) {
            long day = Long.parseLong(cell.substring(0, cell.indexOf('|')));
            if (watermark >= day + DAY + latenessMs - 1) {
                expiredDays.add(cell);
            }
        }
        for (String cell : expiredDays) {
            dailyCells.remove(cell);
        }
    }

    /** First activity per day and platform, and whether it makes the player new that day. */
    private void trackDaily(GameEvent e, Context ctx, Collector<ActivityFact> out) throws Exception {
        long ts = e.timestampMs;
        long day = start(ts, DAY);
        long minute = start(ts, MINUTE);
        Long previousFirst = firstSeen.value();
        long firstDay = start(previousFirst == null ? ts : Math.min(previousFirst, ts), DAY);
        if (previousFirst == null || ts < previousFirst) {
            firstSeen.update(ts);
        }
        if (previousFirst != null && firstDay < start(previousFirst, DAY)) {
            // An earlier event moved the first day back: the old first day's cells were not new after all.
            String oldFirstDay = start(previousFirst, DAY) + "|";
            List<Map.Entry<String, DailyCell>> flipped = new ArrayList<>();
            for (Map.Entry<String, DailyCell> entry : dailyCells.entries()) {
                if (entry.getValue().newPlayer && entry.getKey().startsWith(oldFirstDay)) {
                    flipped.add(Map.entry(entry.getKey(), entry.getValue()));
                }
            }
            for (Map.Entry<String, DailyCell> entry : flipped) {
                DailyCell c = entry.getValue();
                String platform = entry.getKey().substring(oldFirstDay.length());
                out.collect(dailyFact(c.firstMinute, platform, true, -1));
                out.collect(dailyFact(c.firstMinute, platform, false, 1));
                c.newPlayer = false;
                dailyCells.put(entry.getKey(), c);
            }
        }
        String key = day + "|" + e.platform;
        DailyCell cell = dailyCells.get(key);
        if (cell == null) {
            cell = new DailyCell(minute, day == firstDay);
            out.collect(dailyFact(minute, e.platform, cell.newPlayer, 1));
            dailyCells.put(key, cell);
            ctx.timerService().registerEventTimeTimer(wakeAfter(day + DAY + latenessMs));
        } else if (minute < cell.firstMinute) {
            out.collect(dailyFact(cell.firstMinute, e.platform, cell.newPlayer, -1));
            out.collect(dailyFact(minute, e.platform, cell.newPlayer, 1));
            cell.firstMinute = minute;
            dailyCells.put(key, cell);
        }
    }

    private void trackPresence(GameEvent e, long watermark, Context ctx, Collector<ActivityFact> out)
            throws Exception {
        PresenceTimeline timeline = presence.value();
        if (timeline == null) {
            timeline = new PresenceTimeline();
        }
        timeline.record(new PresencePoint(e.timestampMs, e.eventType == EventType.USER_LOGOUT, e.serverId, e.platform));
        if (watermark != Long.MIN_VALUE) {
            // Minute ends the watermark has passed were answered already: correct them if this event changes them.
            for (long end = PresenceTimeline.minuteEndOf(e.timestampMs); end <= watermark + 1; end += MINUTE) {
                PresencePoint now = timeline.onlineAt(end, idleTimeoutMs);
                PresenceMark before = timeline.sentAt(end);
                if (before != null && !before.sameWhere(now)) {
                    out.collect(presenceFact(end, before.serverId, before.platform, -1));
                }
                if (now != null && (before == null || !before.sameWhere(now))) {
                    out.collect(presenceFact(end, now, 1));
                }
                timeline.setSent(end, now);
            }
        }
        long openFrom = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark + 1;
        long next = timeline.nextOnlineEnd(openFrom, idleTimeoutMs);
        if (next != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(next - 1);
        }
        ctx.timerService().registerEventTimeTimer(wakeAfter(timeline.latest().ts + idleTimeoutMs + latenessMs));
        presence.update(timeline);
    }

    private static ActivityFact presenceFact(long minuteEnd, PresencePoint where, int delta) {
        return presenceFact(minuteEnd, where.serverId, where.platform, delta);
    }

    private static ActivityFact presenceFact(long minuteEnd, String serverId, String platform, int delta) {
        ActivityFact f = new ActivityFact();
        f.kind = FactKind.PRESENCE;
        f.timestampMs = minuteEnd - 1;
        f.serverId = serverId;
        f.platform = platform;
        f.delta = delta;
        return f;
    }

    private static ActivityFact dailyFact(long minute, String platform, boolean newPlayer, int delta) {
        ActivityFact f = new ActivityFact();
        f.kind = FactKind.DAILY;
        f.timestampMs = minute;
        f.platform = platform;
        f.newPlayer = newPlayer;
        f.delta = delta;
        return f;
    }

    static long start(long ts, long size) {
        return Math.floorDiv(ts, size) * size;
    }

    /** The timer (a minute end minus 1 ms) at or after {@code instant}. */
    static long wakeAfter(long instant) {
        return (Math.floorDiv(instant - 1, MINUTE) + 1) * MINUTE - 1;
    }
}
