-- Every alert the job sent to the game-alerts topic, once per alert_id (read with FINAL).
CREATE TABLE IF NOT EXISTS alerts
(
    alert_id         String,
    rule             String,
    severity         Enum8('critical' = 1, 'error' = 2, 'warning' = 3, 'info' = 4),
    dedup_key        String,
    title            String,
    summary          String,
    user_id          Nullable(UInt64),
    server_id        Nullable(String),
    platform         Nullable(String),
    window_start     DateTime,
    window_end       DateTime,
    first_event_time DateTime,
    last_event_time  DateTime,
    event_count      UInt64,
    detected_at      DateTime,
    details          String,
    runbook          String,
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (rule, alert_id);
