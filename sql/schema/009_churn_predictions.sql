-- Churn scores: a row per player at each session's end and each midnight (until 14 days after the
-- last activity), with the features the score used. churn_probability and risk_level are NULL when
-- the job runs without a model (the rows then feed the trainer). risk: high > 0.7, medium > 0.3.
CREATE TABLE IF NOT EXISTS churn_predictions
(
    user_id                  UInt64,
    predicted_at_ms          UInt64,
    predicted_at             DateTime DEFAULT toDateTime(intDiv(predicted_at_ms, 1000)),
    trigger                  Enum8('session_end' = 1, 'daily' = 2),
    server_id                String,
    platform                 String,
    churn_probability        Nullable(Float64),
    risk_level               Nullable(Enum8('low' = 1, 'medium' = 2, 'high' = 3)),
    model_version            String,
    events_per_day           Float64,
    avg_session_minutes      Float64,
    longest_session_minutes  Float64,
    sessions                 Float64,
    recent_activity_ratio    Float64,
    recent_sessions          Float64,
    levelup_velocity         Float64,
    social_engagement_ratio  Float64,
    total_spend_usd          Float64,
    avg_purchase_usd         Float64,
    days_since_last_activity Float64,
    distinct_hours_played    Float64,
    gameplay_diversity       Float64,
    active_days              Float64,
    lifetime_days            Float64,
    version                  UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(predicted_at)
ORDER BY (user_id, predicted_at_ms, trigger);
