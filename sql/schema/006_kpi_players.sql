-- Concurrent players at each minute's end, per server and platform.
CREATE TABLE IF NOT EXISTS kpi_ccu_minute
(
    minute    DateTime,
    server_id String,
    platform  String,
    ccu       Int64,
    version   UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, server_id, platform);

-- Exact distinct players per hour and platform.
CREATE TABLE IF NOT EXISTS kpi_active_users_hour
(
    hour     DateTime,
    platform String,
    users    UInt64,
    version  UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, platform);

-- Daily active players per platform, with new (first seen that day) and returning ones. Rewritten
-- every minute of the day (as_of: the instant the counts hold for); is_final = 1 once the day closed.
CREATE TABLE IF NOT EXISTS kpi_daily_players
(
    day               Date,
    platform          String,
    active_users      UInt64,
    new_players       UInt64,
    returning_players UInt64,
    as_of             DateTime,
    is_final          UInt8,
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (day, platform);
