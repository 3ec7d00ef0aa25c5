-- Recomputes kpi_active_users_hour: exact distinct players per hour and platform.
SELECT toStartOfHour(event_time) AS hour, platform, uniqExact(user_id) AS users
FROM game_events FINAL
WHERE is_late = 0
GROUP BY hour, platform
