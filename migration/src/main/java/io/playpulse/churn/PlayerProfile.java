package io.playpulse.churn;

/** Frozen: the state class as builds up to 12c398b named it, fields only, so that their savepoints can be read. */
public class PlayerProfile {
    public long firstSeenMs;
    public long lastActivityMs;
    public long totalEvents;
    public long[] eventsByType;
    public long closedSessions;
    public long closedSessionMs;
    public long longestSessionMs;
    public boolean sessionOpen;
    public long sessionStartMs;
    public long sessionLastMs;
    public long lastSessionEndMs;
    public long purchases;
    public double spendUsdCents;
    public long levelUps;
    public long activeDays;
    public int hourMask;
    public long recentDay;
    public long[] recentEvents;
    public long[] recentSessions;
    public String serverId;
    public String platform;
    public long lastDailyMs;
    public long dailyTimerMs;
    public long idleCheckMs;
}
