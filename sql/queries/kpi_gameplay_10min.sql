-- Recomputes kpi_gameplay_10min: per 10 minutes, gameplay event type and player level (0: none
-- given), events and distinct players.
SELECT
    toDateTime(intDiv(toUInt32(event_time), 600) * 600) AS window_start,
    event_type,
    ifNull(level, 0) AS level,
    count() AS events,
    uniqExact(user_id) AS players
FROM game_events FINAL
WHERE is_late = 0 AND event_type IN ('LEVEL_UP', 'SKILL_USE', 'PLAYER_DEATH', 'QUEST_COMPLETE')
GROUP BY window_start, event_type, level
