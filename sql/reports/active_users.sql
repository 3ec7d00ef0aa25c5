-- DAU, WAU, MAU and stickiness per day.
--
-- DAU, WAU (players active in the 7 days ending that day), MAU (30 days) and stickiness (DAU / MAU)
-- per day.
-- default days: 30
SELECT day,
       uniqExactIf(user_id, days_before = 0) AS dau,
       uniqExactIf(user_id, days_before < 7) AS wau,
       uniqExact(user_id) AS mau,
       round(dau / mau, 4) AS stickiness
FROM
(
    SELECT user_id, active_day + days_before AS day, days_before
    FROM
    (
        SELECT DISTINCT user_id, toDate(event_time) AS active_day
        FROM game_events FINAL
        WHERE event_time >= toDateTime(toDate({from})) - 29 * 86400 AND event_time < {to}
    )
    ARRAY JOIN range(30) AS days_before
)
WHERE day >= toDate({from}) AND day <= toDate({to} - 1)
GROUP BY day
ORDER BY day
