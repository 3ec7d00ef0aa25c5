-- Recomputes kpi_events_per_minute from the raw events: what the job must have written for every
-- minute whose window has closed. Late events (is_late = 1) are stored but not counted.
SELECT
    toStartOfMinute(event_time) AS minute,
    event_type,
    platform,
    count() AS events,
    uniqExact(user_id) AS users
FROM game_events FINAL
WHERE is_late = 0
GROUP BY minute, event_type, platform
