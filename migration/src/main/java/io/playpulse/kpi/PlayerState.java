package io.playpulse.kpi;

/** Frozen: the state class as builds up to 12c398b named it, fields only, so that their savepoints can be read. */
public class PlayerState {
    public PresenceTimeline presence;
    public String[] cells;
    public long[] cellEnds;
    public String[] dailyKeys;
    public long[] dailyFirstMinutes;
    public boolean[] dailyNew;
    public long tickEnd;
    public long wakeAt;
}
