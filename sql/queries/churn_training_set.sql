-- The churn training set (read by the trainer, scripts/train.sh): each player's features at a
-- midnight T, as the job wrote them to churn_predictions, with the label
--   churned = 1 when the player has no activity in the 7 days from T.
-- Only players active in the 7 days before T (players the game still has), and only midnights at
-- least 7 days before the last stored event (so the label is known).
SELECT
    user_id,
    predicted_at_ms,
    events_per_day,
    avg_session_minutes,
    longest_session_minutes,
    sessions,
    recent_activity_ratio,
    recent_sessions,
    levelup_velocity,
    social_engagement_ratio,
    total_spend_usd,
    avg_purchase_usd,
    days_since_last_activity,
    distinct_hours_played,
    gameplay_diversity,
    active_days,
    lifetime_days,
    arrayExists(h -> h >= intDiv(predicted_at_ms, 3600000) AND h < intDiv(predicted_at_ms, 3600000) + 7 * 24, active_hours)
        ? 0 : 1 AS churned
FROM
(
    SELECT *
    FROM churn_predictions FINAL
    WHERE trigger = 'daily'
      AND days_since_last_activity < 7
      AND predicted_at_ms + 7 * 86400000 <= (SELECT max(timestamp_ms) FROM game_events)
)
ANY LEFT JOIN
(
    SELECT user_id, groupUniqArray(intDiv(timestamp_ms, 3600000)) AS active_hours
    FROM game_events
    GROUP BY user_id
) USING user_id
ORDER BY user_id, predicted_at_ms
