-- Recomputes kpi_server_health_minute: per minute and server, events, errors, error rate, events with
-- a response time, and their p95 as the job's sketch gives it: each time rounded up to three
-- significant digits (capped at 10^9 ms), then the value at rank floor(0.95 n) (quantileExact).
SELECT minute, server_id, events, error_events, error_events / events AS error_rate, responses,
       ifNull(p95_bucket, 0) AS p95_response_ms
FROM
(
    SELECT
        toStartOfMinute(event_time) AS minute,
        server_id,
        count() AS events,
        countIf(event_type = 'ERROR_OCCURRED') AS error_events,
        count(response_time_ms) AS responses,
        quantileExact(0.95)(multiIf(
            response_time_ms <= 0, 0,
            response_time_ms <= 1000, ceil(response_time_ms),
            response_time_ms <= 10000, ceil(response_time_ms / 10) * 10,
            response_time_ms <= 100000, ceil(response_time_ms / 100) * 100,
            least(ceil(response_time_ms / 1000) * 1000, 1000000000))) AS p95_bucket
    FROM game_events FINAL
    WHERE is_late = 0
    GROUP BY minute, server_id
)
