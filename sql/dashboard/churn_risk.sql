-- Players per churn-risk level, by each player's latest score of the last 24 hours.
SELECT risk, count() AS players
FROM
(
    SELECT user_id, argMax(risk_level, predicted_at_ms) AS risk
    FROM churn_predictions FINAL
    WHERE predicted_at > {now} - 86400 AND predicted_at <= {now} AND churn_probability IS NOT NULL
    GROUP BY user_id
)
GROUP BY risk
ORDER BY risk
