-- The live-ops dashboard row per minute and platform (event time; read with FINAL).
-- users, login_users, logout_users: exact distinct players. ccu: players online at the minute's end
-- (latest event before it is not a logout and less than the idle timeout old). A minute with no
-- event and nobody online on a platform has no row: absent means zero.
CREATE TABLE IF NOT EXISTS kpi_dashboard_minute
(
    minute       DateTime,
    platform     String,
    events       UInt64,
    users        UInt64,
    login_users  UInt64,
    logout_users UInt64,
    error_events UInt64,
    ccu          Int64,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, platform);

-- The dashboard's revenue, per minute, platform and currency (minor units; currencies never add up).
CREATE TABLE IF NOT EXISTS kpi_dashboard_revenue_minute
(
    minute       DateTime,
    platform     String,
    currency     String,
    revenue      Int64,
    transactions UInt64,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, platform, currency);
