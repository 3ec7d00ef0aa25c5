-- Events and concurrent players per minute, all platforms, over the last 3 hours: the CCU line and,
-- from its newest minute, the events/s and CCU cards. A minute the job has not closed yet is absent.
SELECT toUInt32(minute) AS minute_s, sum(events) AS events, sum(ccu) AS ccu
FROM kpi_dashboard_minute FINAL
WHERE minute > {now} - 10800 AND minute <= {now}
GROUP BY minute
ORDER BY minute
