package io.playpulse.kpi;

/** A player's first activity of a day on a platform: its minute, and whether it made them new. A Flink POJO. */
public class DailyCell {
    public long firstMinute;
    public boolean newPlayer;

    public DailyCell() {}

    DailyCell(long firstMinute, boolean newPlayer) {
        this.firstMinute = firstMinute;
        this.newPlayer = newPlayer;
    }
}
