package io.playpulse.kpi;

import io.playpulse.clickhouse.ClickHouseTable;

/**
 * kpi_daily_players: per day and platform, the distinct players active so far (DAU), how many of
 * them were first seen that day (new) and the rest (returning), as of a minute's end. Updated
 * every minute during the day; {@link #isFinal} once the day has closed.
 */
public class DailyPlayersRow {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<DailyPlayersRow> TABLE = ClickHouseTable.<DailyPlayersRow>named("kpi_daily_players")
            .date("day", row -> row.dayStartMs)
            .string("platform", row -> row.platform)
            .int64("active_users", row -> row.activeUsers)
            .int64("new_players", row -> row.newPlayers)
            .int64("returning_players", row -> row.returningPlayers())
            .dateTime("as_of", row -> row.asOfMs)
            .flag("is_final", row -> row.isFinal)
            .versioned();

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
