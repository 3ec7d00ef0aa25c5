package io.playpulse.kpi;

/** Frozen: the state class as builds up to 12c398b named it, fields only, so that their savepoints can be read. */
public class PresenceTimeline {
    public PresencePoint base;
    public PresencePoint[] minutes;
    public PresenceMark[] sent;
    public long settledEnd;
}
