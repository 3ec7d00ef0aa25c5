-- The late-events figure: events that came more than the allowed lateness behind their partition's
-- watermark, per minute of their own time and platform. They are in game_events, not in any KPI.
SELECT toStartOfMinute(event_time) AS minute, platform, count() AS late_events
FROM game_events FINAL
WHERE is_late = 1
GROUP BY minute, platform
ORDER BY minute, platform
