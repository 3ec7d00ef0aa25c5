-- Each server's health in the newest minute of the last 3 hours that both kpi_server_health_minute
-- and kpi_ccu_minute hold (two sinks write them): events, p95 response time, error rate.
SELECT toUInt32(minute) AS minute_s, server_id, events, p95_response_ms, error_rate
FROM kpi_server_health_minute FINAL
WHERE minute = least(
    (SELECT max(minute) FROM kpi_server_health_minute WHERE minute > {now} - 10800 AND minute <= {now}),
    (SELECT max(minute) FROM kpi_ccu_minute WHERE minute > {now} - 10800 AND minute <= {now}))
ORDER BY server_id
