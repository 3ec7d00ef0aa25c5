-- Concurrent players per server, all platforms, in the minute server_health.sql shows.
SELECT server_id, sum(ccu) AS ccu
FROM kpi_ccu_minute FINAL
WHERE minute = least(
    (SELECT max(minute) FROM kpi_server_health_minute WHERE minute > {now} - 10800 AND minute <= {now}),
    (SELECT max(minute) FROM kpi_ccu_minute WHERE minute > {now} - 10800 AND minute <= {now}))
GROUP BY server_id
ORDER BY server_id
