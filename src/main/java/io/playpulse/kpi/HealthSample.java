package io.playpulse.kpi;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;

/** What server health needs of one on-time event: its server, time, whether it is an error, its response time. A Flink POJO. */
public class HealthSample {
    public String serverId;
    public long timestampMs;
    public boolean error;
    /** NaN when the event reports none. */
    public double responseTimeMs;

    public HealthSample() {}

    public static HealthSample of(GameEvent e) {
        HealthSample s = new HealthSample();
        s.serverId = e.serverId;
        s.timestampMs = e.timestampMs;
        s.error = e.eventType == EventType.ERROR_OCCURRED;
        s.responseTimeMs = e.responseTimeMs == null ? Double.NaN : e.responseTimeMs;
        return s;
    }

    public boolean hasResponseTime() {
        return !Double.isNaN(responseTimeMs);
    }
}
