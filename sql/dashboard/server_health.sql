-- Each server's health in the newest closed minute of the last 3 hours: events, p95 response time,
-- error rate.
SELECT minute, server_id, events, p95_response_ms, error_rate
FROM kpi_server_health_minute FINAL
WHERE minute = (SELECT max(minute) FROM kpi_server_health_minute WHERE minute > {now} - 10800 AND minute <= {now})
ORDER BY server_id
