-- Recomputes kpi_daily_players for the instant each stored row holds for (as_of): players active
-- on the day and platform before as_of, those of them first seen that day (new), and the rest.
SELECT
    day,
    platform,
    uniqExactIf(user_id, timestamp_ms < toUInt64(as_of) * 1000) AS active_users,
    uniqExactIf(user_id, timestamp_ms < toUInt64(as_of) * 1000 AND first_day = day) AS new_players,
    active_users - new_players AS returning_players,
    as_of,
    is_final
FROM
(
    SELECT toDate(event_time) AS day, platform, user_id, timestamp_ms, first_day
    FROM
    (
        SELECT event_time, platform, user_id, timestamp_ms
        FROM game_events FINAL
        WHERE is_late = 0
    )
    ALL INNER JOIN
    (
        SELECT user_id, toDate(min(event_time)) AS first_day
        FROM game_events FINAL
        WHERE is_late = 0
        GROUP BY user_id
    )
    USING (user_id)
)
ALL INNER JOIN
(
    SELECT day, platform, as_of, is_final
    FROM kpi_daily_players FINAL
)
USING (day, platform)
GROUP BY day, platform, as_of, is_final
