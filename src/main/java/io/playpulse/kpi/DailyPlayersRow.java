package io.playpulse.kpi;

/**
 * kpi_daily_players: per day and platform, the distinct players active so far (DAU), how many of
 * them were first seen that day (new) and the rest (returning), as of a minute's end. Updated
 * every minute during the day; {@link #isFinal} once the day has closed.
 */
public class DailyPlayersRow {
    public long dayStartMs;
    public String platform;
    public long activeUsers;
    public long newPlayers;
    public long asOfMs;
    public boolean isFinal;

    public DailyPlayersRow() {}

    public long returningPlayers() {
        return activeUsers - newPlayers;
    }

    @Override
    public String toString() {
        return "DailyPlayers{" + dayStartMs + " " + platform + " active=" + activeUsers + " new=" + newPlayers
                + " asOf=" + asOfMs + (isFinal ? " final" : "") + "}";
    }
}
