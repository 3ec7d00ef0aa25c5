package io.playpulse.player;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.config.PlayPulseOptions.CHURN_DAILY_SCORING;
import static io.playpulse.config.PlayPulseOptions.PLAYER_RETENTION;
import static io.playpulse.config.PlayPulseOptions.SESSION_IDLE_TIMEOUT;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by player: the one place that knows a player over time. For every on-time event it emits
 * an {@link FactKind#EVENT} fact flagged with the distinct-player cells the event opened; at every
 * minute's end while the player is online it emits a {@link FactKind#PRESENCE} mark (concurrent
 * players); and it tracks each player's first activity per day and platform ({@link
 * FactKind#DAILY}: daily active, new and returning players).
 *
 * <p>A late event (within the allowed lateness) that changes an answer already given emits the
 * correction: -1 for the old mark, +1 for the new one, at the time it corrects.
 *
 * <p>It also keeps the player's {@link PlayerProfile} (sessions, activity, spend: the churn
 * features) and sends a {@link ChurnObservation} to {@link #CHURN_OBSERVATIONS} when a session ends
 * and at every midnight until {@code churn.daily-scoring-for} after the player's last activity. A
 * session without a logout is closed at the first minute end after its idle timeout, by a check
 * that is re-armed when it fires rather than moved with every event (timers are dear in RocksDB).
 *
 * <p>One {@link PlayerState} per player for what is short-lived (one read and one write per event),
 * and the profile under its own TTL ({@code player.retention}). Timers sit at minute ends (minus 1
 * ms): a tick while the player is online, a clean-up wake when the short-lived state would have
 * expired, and midnights for the daily score.
 */
public class PlayerActivity extends KeyedProcessFunction<Long, GameEvent, ActivityFact> {
    private static final long serialVersionUID = 1L;

    public static final long MINUTE = PresenceTimeline.MINUTE;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;
    /**
     * The final watermark (Long.MAX_VALUE: the end of a bounded input, or {@code stop --drain}) is read
     * as this instant, far beyond any event, so that "watermark + 1" and the expiry sums cannot overflow:
     * every session then closes and every timer ends, instead of re-arming at an instant that wrapped.
     * No midnight after the last real watermark is scored then: none has come.
     */
    static final long END_OF_EVENT_TIME = Long.MAX_VALUE / 4;

    public static final OutputTag<ChurnObservation> CHURN_OBSERVATIONS = new OutputTag<>("churn-observations") {};

    /**
     * The state in which builds before the player profile kept a player's first event time. A
     * savepoint of such a build restores into it; it seeds the player's new profile once, then goes.
     */
    public static final String LEGACY_FIRST_SEEN = "first-seen";

    // Only the settings it needs, not the whole configuration: the function is serialized into the
    // job graph, which must carry no credentials (the Settings record is not kept either).
    private final long idleTimeoutMs;
    private final long latenessMs;
    private final long dailyScoringMs;
    private final Duration playerRetention;
    private final HashMap<String, Double> usdCentsPerMinorUnit;

    private transient ValueState<PlayerState> players;
    private transient ValueState<PlayerProfile> profiles;
    private transient ValueState<Long> legacyFirstSeen;

    /** The few settings the function needs, and nothing else of the configuration. */
    public record Settings(Duration sessionIdleTimeout, Duration allowedLateness, Duration dailyScoring,
            Duration playerRetention, Map<String, Double> usdCentsPerMinorUnit) {
        public static Settings from(PlayPulseConfig config) {
            return new Settings(config.get(SESSION_IDLE_TIMEOUT), config.get(ALLOWED_LATENESS),
                    config.get(CHURN_DAILY_SCORING), config.get(PLAYER_RETENTION), config.churnUsdCents());
        }
    }

    public PlayerActivity(Settings settings) {
        this.idleTimeoutMs = settings.sessionIdleTimeout().toMillis();
        this.latenessMs = settings.allowedLateness().toMillis();
        this.dailyScoringMs = settings.dailyScoring().toMillis();
        this.playerRetention = settings.playerRetention();
        this.usdCentsPerMinorUnit = new HashMap<>(settings.usdCentsPerMinorUnit());
    }

    @Override
    public void open(OpenContext openContext) {
        players = getRuntimeContext().getState(playerDescriptor());
        profiles = getRuntimeContext().getState(profileDescriptor(playerRetention));
        legacyFirstSeen = getRuntimeContext().getState(legacyFirstSeenDescriptor(playerRetention));
    }

    /** The short-lived state; public, as the savepoint migrations (migration/) write it. */
    public static ValueStateDescriptor<PlayerState> playerDescriptor() {
        return new ValueStateDescriptor<>("player", PlayerStateSerializer.INSTANCE);
    }

    /** The churn profile, kept for {@code player.retention} after its last write. */
    public static ValueStateDescriptor<PlayerProfile> profileDescriptor(Duration playerRetention) {
        ValueStateDescriptor<PlayerProfile> descriptor =
                new ValueStateDescriptor<>("profile", PlayerProfileSerializer.INSTANCE);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(playerRetention)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                // Read and written with every event: the heap's default clean-up, 5 entries visited per
                // access, cost a sixth of the keyed thread; one still sweeps the table many times a day.
                .cleanupIncrementally(1, false)
                .build());
        return descriptor;
    }

    /** As the earlier builds declared it (a TTL'd Long), so that their savepoints restore. */
    public static ValueStateDescriptor<Long> legacyFirstSeenDescriptor(Duration playerRetention) {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>(LEGACY_FIRST_SEEN, Types.LONG);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(playerRetention)
                .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
                .build());
        return descriptor;
    }

    @Override
    public void processElement(GameEvent e, Context ctx, Collector<ActivityFact> out) throws Exception {
        long watermark = watermark(ctx.timerService());
        PlayerState player = players.value();
        if (player == null) {
            player = new PlayerState();
        } else if (watermark != Long.MIN_VALUE) {
            player.expire(watermark, latenessMs, DAY);
        }
        PlayerProfile profile = profiles.value();
        if (profile == null) {
            profile = newProfile();
        }
        out.collect(eventFact(e, player));
        trackDaily(e, player, profile, out);
        trackPresence(e, player, watermark, out);
        trackProfile(e, profile, ctx);
        long openFrom = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark + 1;
        schedule(player, openFrom, watermark, ctx.timerService());
        players.update(player);
        profiles.update(profile);
    }

    /** A player's first profile; one carried over from an earlier build's savepoint keeps its first-seen time. */
    private PlayerProfile newProfile() throws Exception {
        PlayerProfile profile = new PlayerProfile();
        Long firstSeen = legacyFirstSeen.value();
        if (firstSeen != null) {
            profile.firstSeenMs = firstSeen;
            legacyFirstSeen.clear();
        }
        return profile;
    }

    /**
     * Updates the profile. A session the event ends is observed for churn at its end: one the idle
     * timeout ended before this event (no watermark noticed it yet) before the event counts, a
     * logout after.
     */
    private void trackProfile(GameEvent e, PlayerProfile profile, Context ctx) {
        observeSessionEnd(profile.closeIfIdle(e.timestampMs, idleTimeoutMs), profile, ctx);
        double usdCentsPerUnit = e.eventType.isMoney() ? PlayPulseConfig.usdCentsPerMinorUnit(usdCentsPerMinorUnit, e.currency) : 0;
        observeSessionEnd(profile.apply(e, usdCentsPerUnit), profile, ctx);
        if (profile.sessionOpen && profile.idleCheckMs == Long.MIN_VALUE) {
            armIdleCheck(profile, ctx.timerService());
        }
        long nextMidnight = start(e.timestampMs, DAY) + DAY;
        if (nextMidnight > profile.lastDailyMs && nextMidnight != profile.dailyTimerMs) {
            ctx.timerService().registerEventTimeTimer(nextMidnight - 1);
            profile.dailyTimerMs = Math.max(profile.dailyTimerMs, nextMidnight);
        }
    }

    /** Observes the player as of a session's end; returns whether there was one. */
    private boolean observeSessionEnd(long sessionEnd, PlayerProfile profile, Context ctx) {
        if (sessionEnd == Long.MIN_VALUE) {
            return false;
        }
        ctx.output(CHURN_OBSERVATIONS,
                ChurnObservation.of(ctx.getCurrentKey(), profile, sessionEnd, ChurnObservation.SESSION_END));
        return true;
    }

    /**
     * Sets the open session's idle check at the first minute end its idle timeout has passed by, as
     * of its latest event. Events after it move the session's end but not the timer: when it fires
     * on a session still open, it is set again from there (one timer per idle period, not per event).
     */
    private void armIdleCheck(PlayerProfile profile, TimerService timers) {
        profile.idleCheckMs = start(profile.sessionLastMs + idleTimeoutMs + MINUTE - 1, MINUTE) - 1;
        timers.registerEventTimeTimer(profile.idleCheckMs);
    }

    /** Closes an idle session, and at midnight observes the player for the daily score. */
    private void observeForChurn(long timestamp, long watermark, OnTimerContext ctx) throws Exception {
        PlayerProfile profile = profiles.value();
        if (profile == null) {
            return;
        }
        boolean changed = observeSessionEnd(profile.closeIfIdle(watermark + 1, idleTimeoutMs), profile, ctx);
        if (timestamp == profile.idleCheckMs) {
            profile.idleCheckMs = Long.MIN_VALUE;
            if (profile.sessionOpen) {
                armIdleCheck(profile, ctx.timerService());
            }
            changed = true;
        }
        long midnight = timestamp + 1;
        boolean eventTimeEnded = watermark == END_OF_EVENT_TIME;
        if (!eventTimeEnded && midnight % DAY == 0 && midnight > profile.lastDailyMs
                && midnight - profile.lastActivityMs <= dailyScoringMs) {
            ctx.output(CHURN_OBSERVATIONS,
                    ChurnObservation.of(ctx.getCurrentKey(), profile, midnight, ChurnObservation.DAILY));
            profile.lastDailyMs = midnight;
            if (midnight + DAY - profile.lastActivityMs <= dailyScoringMs) {
                ctx.timerService().registerEventTimeTimer(midnight + DAY - 1);
                profile.dailyTimerMs = Math.max(profile.dailyTimerMs, midnight + DAY);
            }
            changed = true;
        }
        if (changed) {
            profiles.update(profile);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ActivityFact> out) throws Exception {
        long watermark = watermark(ctx.timerService());
        observeForChurn(timestamp, watermark, ctx);
        PlayerState player = players.value();
        if (player == null) {
            return;
        }
        long minuteEnd = timestamp + 1;
        PresenceTimeline presence = player.presence;
        if (presence != null) {
            PresencePoint online = presence.isSettled(minuteEnd) ? null : presence.onlineAt(minuteEnd, idleTimeoutMs);
            if (online != null && presence.sentAt(minuteEnd) == null) {
                out.collect(presenceFact(minuteEnd, online, 1));
                presence.setSent(minuteEnd, online);
            }
            // Later minute ends may still be due in this same watermark step: keep what they need.
            presence.prune(Math.min(floor(watermark), minuteEnd));
            if (presence.sent.length == 0 && presence.nextOnlineEnd(minuteEnd, idleTimeoutMs) == Long.MAX_VALUE
                    && watermark + 1 >= presence.latest().ts + idleTimeoutMs + latenessMs) {
                // No accepted event can fall inside this player's last online stretch any more.
                player.presence = null;
            }
        }
        player.expire(watermark, latenessMs, DAY);
        if (player.tickEnd == minuteEnd) {
            player.tickEnd = Long.MIN_VALUE;
        }
        if (player.wakeAt == timestamp) {
            player.wakeAt = Long.MIN_VALUE;
        }
        if (player.isEmpty()) {
            players.clear();
            return;
        }
        schedule(player, minuteEnd, watermark, ctx.timerService());
        players.update(player);
    }

    /**
     * Registers the next presence tick (the first minute end after {@code fromExclusive} at which the
     * player is online) and the clean-up wake, each only when it is not registered already.
     */
    private void schedule(PlayerState player, long fromExclusive, long watermark, TimerService timers) {
        long next = player.presence == null ? Long.MAX_VALUE : player.presence.nextOnlineEnd(fromExclusive, idleTimeoutMs);
        if (next != Long.MAX_VALUE && next != player.tickEnd
                && (player.tickEnd == Long.MIN_VALUE || next < player.tickEnd || player.tickEnd <= fromExclusive)) {
            timers.registerEventTimeTimer(next - 1);
            player.tickEnd = next;
        }
        long expiry = Long.MIN_VALUE;
        if (player.presence != null) {
            expiry = player.presence.latest().ts + idleTimeoutMs + latenessMs;
        }
        for (int i = 0; i < player.cellCount; i++) {
            expiry = Math.max(expiry, player.cellEnds[i] + latenessMs);
        }
        for (int i = 0; i < player.dailyPlatforms.length; i++) {
            expiry = Math.max(expiry, player.dailyEnd(i, DAY) + latenessMs);
        }
        long wake = wakeAfter(expiry);
        if (wake > player.wakeAt || player.wakeAt <= watermark) {
            timers.registerEventTimeTimer(wake);
            player.wakeAt = wake;
        }
    }

    /** The lowest timestamp an accepted event can still have: the watermark minus the lateness. */
    private long floor(long watermark) {
        return watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark + 1 - latenessMs;
    }

    private ActivityFact eventFact(GameEvent e, PlayerState player) {
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
        int type = e.eventType.code();
        f.firstIn |= open(player, FirstIn.MINUTE, 0, 0, e.platform, minute + MINUTE);
        f.firstIn |= open(player, FirstIn.MINUTE_TYPE, type, 0, e.platform, minute + MINUTE);
        if (e.eventType == EventType.USER_LOGIN) {
            f.firstIn |= open(player, FirstIn.MINUTE_LOGIN, 0, 0, e.platform, minute + MINUTE);
        } else if (e.eventType == EventType.USER_LOGOUT) {
            f.firstIn |= open(player, FirstIn.MINUTE_LOGOUT, 0, 0, e.platform, minute + MINUTE);
        }
        long hour = start(ts, HOUR);
        f.firstIn |= open(player, FirstIn.HOUR, 0, 0, e.platform, hour + HOUR);
        if (e.eventType.isMoney()) {
            f.firstIn |= open(player, FirstIn.PAYER_5_MINUTES, 0, 0, e.currency, start(ts, 5 * MINUTE) + 5 * MINUTE);
            f.firstIn |= open(player, FirstIn.PAYER_HOUR, 0, 0, e.currency, hour + HOUR);
            f.firstIn |= open(player, FirstIn.PAYER_DAY, 0, 0, e.currency, start(ts, DAY) + DAY);
        }
        if (FirstIn.GAMEPLAY_TYPES.contains(e.eventType)) {
            f.firstIn |= open(player, FirstIn.GAMEPLAY_10_MINUTES, type, f.level, null, start(ts, 10 * MINUTE) + 10 * MINUTE);
        }
        return f;
    }

    private static int open(PlayerState player, int flag, int typeCode, int level, String dimension, long windowEnd) {
        return player.open(PlayerState.cellKey(flag, typeCode, level), dimension, windowEnd) ? flag : 0;
    }

    /** First activity per day and platform, and whether it makes the player new that day. */
    private void trackDaily(GameEvent e, PlayerState player, PlayerProfile profile, Collector<ActivityFact> out) {
        long ts = e.timestampMs;
        long day = start(ts, DAY);
        long minute = start(ts, MINUTE);
        Long previousFirst = profile.firstSeenMs == Long.MAX_VALUE ? null : profile.firstSeenMs;
        long firstDay = start(previousFirst == null ? ts : Math.min(previousFirst, ts), DAY);
        if (previousFirst != null && firstDay < start(previousFirst, DAY)) {
            // An earlier event moved the first day back: the old first day's entries were not new after all.
            long oldFirstDay = start(previousFirst, DAY);
            for (int i = 0; i < player.dailyPlatforms.length; i++) {
                if (player.dailyNew[i] && start(player.dailyFirstMinutes[i], DAY) == oldFirstDay) {
                    String platform = player.dailyPlatforms[i];
                    out.collect(dailyFact(player.dailyFirstMinutes[i], platform, true, -1));
                    out.collect(dailyFact(player.dailyFirstMinutes[i], platform, false, 1));
                    player.dailyNew[i] = false;
                }
            }
        }
        int i = player.daily(day, e.platform, DAY);
        if (i < 0) {
            boolean isNew = day == firstDay;
            out.collect(dailyFact(minute, e.platform, isNew, 1));
            player.addDaily(e.platform, minute, isNew);
        } else if (minute < player.dailyFirstMinutes[i]) {
            out.collect(dailyFact(player.dailyFirstMinutes[i], e.platform, player.dailyNew[i], -1));
            out.collect(dailyFact(minute, e.platform, player.dailyNew[i], 1));
            player.dailyFirstMinutes[i] = minute;
        }
    }

    private void trackPresence(GameEvent e, PlayerState player, long watermark, Collector<ActivityFact> out) {
        if (player.presence == null) {
            player.presence = new PresenceTimeline();
        }
        PresenceTimeline timeline = player.presence;
        timeline.record(new PresencePoint(e.timestampMs, e.eventType == EventType.USER_LOGOUT, e.serverId, e.platform));
        // Minute ends already answered: those the watermark has passed, and those with a mark sent. After
        // a restore the watermark starts from nothing, and may come back behind the checkpoint's, so only
        // the marks tell which minutes were counted online. Correct them if this event changes them; an
        // answered minute the event puts online without a mark gets its +1 from the presence tick.
        long answeredTo = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark + 1;
        long last = Math.max(answeredTo, timeline.lastSentEnd());
        long first = PresenceTimeline.minuteEndOf(Math.max(e.timestampMs, timeline.settledEnd));
        for (long end = first; end <= last; end += MINUTE) {
            PresenceMark before = timeline.sentAt(end);
            if (end > answeredTo && before == null) {
                continue;
            }
            PresencePoint now = timeline.onlineAt(end, idleTimeoutMs);
            if (before != null && !before.sameWhere(now)) {
                out.collect(presenceFact(end, before.serverId, before.platform, -1));
            }
            if (now != null && (before == null || !before.sameWhere(now))) {
                out.collect(presenceFact(end, now, 1));
            }
            timeline.setSent(end, now);
        }
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

    public static long start(long ts, long size) {
        return Math.floorDiv(ts, size) * size;
    }

    private static long watermark(TimerService timers) {
        return Math.min(timers.currentWatermark(), END_OF_EVENT_TIME);
    }

    /** The timer (a minute end minus 1 ms) at or after {@code instant - 1}. */
    public static long wakeAfter(long instant) {
        return (Math.floorDiv(instant - 1, MINUTE) + 1) * MINUTE - 1;
    }
}
