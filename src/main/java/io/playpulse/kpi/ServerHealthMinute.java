package io.playpulse.kpi;

/** kpi_server_health_minute: one server's minute, as the on-time events report it. A Flink POJO. */
public class ServerHealthMinute {
    public long windowStartMs;
    public String serverId;
    public long events;
    public long errorEvents;
    /** errorEvents / events. */
    public double errorRate;
    /** Events that reported a response time. */
    public long responses;
    /** The p95 of those response times ({@link ResponseTimeSketch}); 0 when none reported one. */
    public double p95ResponseMs;

    public ServerHealthMinute() {}
}
