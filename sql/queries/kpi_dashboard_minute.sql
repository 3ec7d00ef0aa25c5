-- Recomputes kpi_dashboard_minute: per minute and platform, events, distinct players (all, logging
-- in, logging out), error events, and players online at the minute's end.
SELECT minute, platform, events, users, login_users, logout_users, error_events, ccu
FROM
(
    SELECT
        toStartOfMinute(event_time) AS minute,
        platform,
        count() AS events,
        uniqExact(user_id) AS users,
        uniqExactIf(user_id, event_type = 'USER_LOGIN') AS login_users,
        uniqExactIf(user_id, event_type = 'USER_LOGOUT') AS logout_users,
        countIf(event_type = 'ERROR_OCCURRED') AS error_events
    FROM game_events FINAL
    WHERE is_late = 0
    GROUP BY minute, platform
)
ALL FULL OUTER JOIN
(
    SELECT minute, platform, sum(ccu) AS ccu
    FROM player_presence_minute
    GROUP BY minute, platform
)
USING (minute, platform)
