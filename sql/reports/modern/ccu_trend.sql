-- ccu_trend for current ClickHouse (window functions; not on 18.16, so not tested here): the same
-- rows as ../ccu_trend.sql.
SELECT minute, ccu, round(avg(ccu) OVER (ORDER BY minute ROWS BETWEEN 4 PRECEDING AND CURRENT ROW), 1) AS ccu_5_point_avg
FROM
(
    SELECT minute, sum(ccu) AS ccu
    FROM kpi_dashboard_minute FINAL
    WHERE minute >= {from} AND minute < {to}
    GROUP BY minute
)
ORDER BY minute
