-- The 10 players most likely to churn among those whose latest score of the last 24 hours is high.
SELECT
    user_id,
    argMax(churn_probability, predicted_at_ms) AS probability,
    argMax(risk_level, predicted_at_ms) AS risk,
    argMax(server_id, predicted_at_ms) AS server,
    argMax(platform, predicted_at_ms) AS player_platform,
    toUInt32(max(predicted_at)) AS scored_at_s
FROM churn_predictions FINAL
WHERE predicted_at > {now} - 86400 AND predicted_at <= {now} AND churn_probability IS NOT NULL
GROUP BY user_id
HAVING risk = 'high'
ORDER BY probability DESC, user_id
LIMIT 10
