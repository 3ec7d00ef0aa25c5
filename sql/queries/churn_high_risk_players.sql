-- Players at high churn risk now, for the retention team: each player's latest score of the last
-- 24 hours, highest probability first (ties by user_id).
SELECT
    user_id,
    argMax(churn_probability, predicted_at_ms) AS probability,
    argMax(risk_level, predicted_at_ms) AS risk,
    argMax(trigger, predicted_at_ms) AS scored_at_trigger,
    max(predicted_at) AS scored_at,
    argMax(server_id, predicted_at_ms) AS server,
    argMax(platform, predicted_at_ms) AS player_platform,
    argMax(model_version, predicted_at_ms) AS model,
    argMax(days_since_last_activity, predicted_at_ms) AS days_since_last_activity,
    argMax(total_spend_usd, predicted_at_ms) AS total_spend_usd
FROM churn_predictions FINAL
WHERE predicted_at >= now() - 86400
  AND churn_probability IS NOT NULL
GROUP BY user_id
HAVING risk = 'high'
ORDER BY probability DESC, user_id
LIMIT 100
