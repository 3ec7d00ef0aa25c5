package io.playpulse.player;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;

/**
 * What PlayPulse knows about a player over weeks, updated one event at a time, never by rescanning
 * history: sessions (a session runs from its first event to a logout, or to its last event when the
 * idle timeout passes without another), activity per day, spend, progression, social play. Keyed
 * state with a TTL ({@code player.retention}); the churn features are read from it. Written by
 * {@link PlayerProfileSerializer}; still a Flink POJO, which is how savepoints of earlier builds hold it.
 */
public class PlayerProfile {
    public static final long DAY = 24 * 3_600_000L;
    static final int RECENT_DAYS = 7;

    public long firstSeenMs = Long.MAX_VALUE;
    public long lastActivityMs = Long.MIN_VALUE;
    public long totalEvents;
    /** By event type code. */
    public long[] eventsByType = new long[EventType.values().length];

    public long closedSessions;
    public long closedSessionMs;
    public long longestSessionMs;
    public boolean sessionOpen;
    public long sessionStartMs;
    public long sessionLastMs;
    /** The end of the last closed session: an out-of-order event up to it belongs to that session. */
    public long lastSessionEndMs = Long.MIN_VALUE;

    public long purchases;
    public double spendUsdCents;
    public long levelUps;

    public long activeDays;
    /** Hours of the day (UTC) played, one bit each. */
    public int hourMask;
    /** Events and session starts of the last days: slot i is day {@link #recentDay} - i. */
    public long recentDay = Long.MIN_VALUE;
    public long[] recentEvents = new long[RECENT_DAYS];
    public long[] recentSessions = new long[RECENT_DAYS];

    public String serverId;
    public String platform;
    /** The last midnight a daily score was given for. */
    public long lastDailyMs = Long.MIN_VALUE;
    /** The latest midnight a timer is set for (one registration a day, not one per event). */
    public long dailyTimerMs = Long.MIN_VALUE;
    /** The pending idle check of the open session, Long.MIN_VALUE when none: re-armed when it fires, not per event. */
    public long idleCheckMs = Long.MIN_VALUE;

    public PlayerProfile() {}

    /**
     * Applies an event and returns the end of the session it closed when it is a logout, else
     * Long.MIN_VALUE. Close an idle session first ({@link #closeIfIdle} at the event's time), so that
     * its features are read before this event counts. An event that arrives out of order, at or
     * before the end of the last closed session, counts as activity but neither re-opens nor
     * re-measures that session.
     */
    public long apply(GameEvent e, double usdCentsPerUnit) {
        long ts = e.timestampMs;
        if (sessionOpen) {
            sessionStartMs = Math.min(sessionStartMs, ts);
            sessionLastMs = Math.max(sessionLastMs, ts);
        } else if (ts > lastSessionEndMs) {
            sessionOpen = true;
            sessionStartMs = ts;
            sessionLastMs = ts;
            recent(ts, recentSessions);
        }
        firstSeenMs = Math.min(firstSeenMs, ts);
        lastActivityMs = Math.max(lastActivityMs, ts);
        totalEvents++;
        eventsByType[e.eventType.code()]++;
        if (recent(ts, recentEvents) == 1) {
            activeDays++; // the day's first event, in whatever order the days' events arrive
        }
        hourMask |= 1 << (int) Math.floorDiv(Math.floorMod(ts, DAY), 3_600_000L);
        if (e.eventType.isMoney()) {
            purchases++;
            spendUsdCents += e.revenueMinorUnits() * usdCentsPerUnit;
        }
        if (e.eventType == EventType.LEVEL_UP) {
            levelUps++;
        }
        serverId = e.serverId;
        platform = e.platform;
        return e.eventType == EventType.USER_LOGOUT && sessionOpen ? closeSession() : Long.MIN_VALUE;
    }

    /** Sessions so far: the closed ones and the open one. */
    public long sessions() {
        return closedSessions + (sessionOpen ? 1 : 0);
    }

    /** Closes the open session if the idle timeout has passed by {@code instant}; returns its end or Long.MIN_VALUE. */
    public long closeIfIdle(long instant, long idleTimeoutMs) {
        return sessionOpen && instant >= sessionLastMs + idleTimeoutMs ? closeSession() : Long.MIN_VALUE;
    }

    private long closeSession() {
        long length = sessionLastMs - sessionStartMs;
        closedSessions++;
        closedSessionMs += length;
        longestSessionMs = Math.max(longestSessionMs, length);
        sessionOpen = false;
        lastSessionEndMs = sessionLastMs;
        return sessionLastMs;
    }

    /** Counts {@code ts} in its day's slot; returns the slot's new count, 0 for a day out of the window. */
    private long recent(long ts, long[] slots) {
        long day = Math.floorDiv(ts, DAY);
        if (recentDay == Long.MIN_VALUE) {
            recentDay = day;
        }
        if (day > recentDay) {
            long shift = day - recentDay;
            for (long[] s : new long[][] {recentEvents, recentSessions}) {
                for (int i = RECENT_DAYS - 1; i >= 0; i--) {
                    s[i] = i - shift >= 0 ? s[(int) (i - shift)] : 0;
                }
            }
            recentDay = day;
        }
        long age = recentDay - day;
        return age < RECENT_DAYS ? ++slots[(int) age] : 0;
    }

    /** The sum of {@code slots} over the {@value #RECENT_DAYS} days up to and including {@code instant}'s day. */
    long recentAsOf(long instant, long[] slots) {
        long day = Math.floorDiv(instant, DAY);
        long sum = 0;
        for (int i = 0; i < RECENT_DAYS; i++) {
            long slotDay = recentDay - i;
            if (slotDay <= day && slotDay > day - RECENT_DAYS) {
                sum += slots[i];
            }
        }
        return sum;
    }
}
