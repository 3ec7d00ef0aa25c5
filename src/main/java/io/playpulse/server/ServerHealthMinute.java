package io.playpulse.server;

import io.playpulse.clickhouse.ClickHouseTable;

/** kpi_server_health_minute: one server's minute, as the on-time events report it. A Flink POJO. */
public class ServerHealthMinute {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<ServerHealthMinute> TABLE = ClickHouseTable.<ServerHealthMinute>named("kpi_server_health_minute")
            // error_rate is the table's DEFAULT (error_events / events), computed by the server.
            .dateTime("minute", row -> row.windowStartMs)
            .string("server_id", row -> row.serverId)
            .int64("events", row -> row.events)
            .int64("error_events", row -> row.errorEvents)
            .int64("responses", row -> row.responses)
            .float64("p95_response_ms", row -> row.p95ResponseMs)
            .versioned();

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
