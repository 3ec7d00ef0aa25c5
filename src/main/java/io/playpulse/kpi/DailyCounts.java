package io.playpulse.kpi;

/** Running daily counts of one day and platform. A Flink POJO. */
public class DailyCounts {
    public long activeUsers;
    public long newPlayers;
    /** The minute end the last row was emitted for; 0 before the first. */
    public long emittedAsOfMs;
    public boolean closed;

    public DailyCounts() {}
}
