-- CCU per minute with a 5-point moving average.
--
-- CCU trend: players online at each minute's end (all platforms, from kpi_dashboard_minute) and its
-- 5-point moving average (the minute and the 4 before it in the range). A minute nobody was online
-- in has no row and is no point.
-- default days: 1
SELECT minute, ccu, round(moving_avg, 1) AS ccu_5_point_avg
FROM
(
    SELECT arraySort(groupArray((minute, ccu))) AS points,
           arrayMap(p -> tupleElement(p, 2), points) AS ccus
    FROM
    (
        SELECT minute, sum(ccu) AS ccu
        FROM kpi_dashboard_minute FINAL
        WHERE minute >= {from} AND minute < {to}
        GROUP BY minute
    )
)
ARRAY JOIN
    arrayMap(p -> tupleElement(p, 1), points) AS minute,
    ccus AS ccu,
    arrayMap(i -> arrayReduce('avg', arraySlice(ccus, greatest(1, i - 4), least(i, 5))), arrayEnumerate(ccus)) AS moving_avg
ORDER BY minute
