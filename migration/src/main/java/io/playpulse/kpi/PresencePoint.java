package io.playpulse.kpi;

/** Frozen: the state class as builds up to 12c398b named it, fields only, so that their savepoints can be read. */
public class PresencePoint {
    public long ts;
    public boolean logout;
    public String serverId;
    public String platform;
}
