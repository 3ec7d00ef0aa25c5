package io.playpulse.kpi;

/** Frozen: the state class as builds up to 12c398b named it, fields only, so that their savepoints can be read. */
public class ServerHealthMinute {
    public long windowStartMs;
    public String serverId;
    public long events;
    public long errorEvents;
    public double errorRate;
    public long responses;
    public double p95ResponseMs;
}
