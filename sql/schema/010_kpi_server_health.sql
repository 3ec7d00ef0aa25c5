-- Server health per minute and server (event time; read with FINAL), from the on-time events:
-- events, ERROR_OCCURRED events and their share, the events that reported a response time, and the
-- p95 of those times from the job's mergeable sketch (the time rounded up to three significant
-- digits: exact to 1 ms below 1 s, within 1% above; 0 when no event reported one).
-- The server_health alert pages on runs of minutes above its limits. error_rate is computed here, not
-- sent: 18.16 parses a few decimal doubles one bit off, and the recompute query must match it exactly.
CREATE TABLE IF NOT EXISTS kpi_server_health_minute
(
    minute          DateTime,
    server_id       String,
    events          UInt64,
    error_events    UInt64,
    error_rate      Float64 DEFAULT error_events / events,
    responses       UInt64,
    p95_response_ms Float64,
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, server_id);
