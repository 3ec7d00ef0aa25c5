-- Peak CCU per day and the minute it was first reached.
--
-- Peak CCU per day (all platforms, from kpi_dashboard_minute) and the first minute it was reached.
-- default days: 7
SELECT day, max(ccu) AS peak_ccu, argMax(minute, (ccu, -toInt64(toUInt32(minute)))) AS peak_minute
FROM
(
    SELECT minute, toDate(minute) AS day, sum(ccu) AS ccu
    FROM kpi_dashboard_minute FINAL
    WHERE minute >= {from} AND minute < {to}
    GROUP BY minute
)
GROUP BY day
ORDER BY day
