-- Revenue per currency (minor units) per 5 minutes, hour and day: transactions, distinct paying
-- players and ARPPU (revenue / paying players).
CREATE TABLE IF NOT EXISTS kpi_revenue
(
    granularity  Enum8('5m' = 1, '1h' = 2, '1d' = 3),
    window_start DateTime,
    currency     String,
    revenue      Int64,
    transactions UInt64,
    paying_users UInt64,
    arppu        Float64,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (granularity, window_start, currency);

-- Gameplay per 10 minutes, event type (LEVEL_UP, SKILL_USE, PLAYER_DEATH, QUEST_COMPLETE) and
-- player level (0: the event carried no level): events and distinct players.
CREATE TABLE IF NOT EXISTS kpi_gameplay_10min
(
    window_start DateTime,
    event_type   Enum8('USER_LOGIN' = 0, 'USER_LOGOUT' = 1, 'LEVEL_UP' = 2, 'ITEM_PURCHASE' = 3,
                       'SKILL_USE' = 4, 'PLAYER_DEATH' = 5, 'QUEST_COMPLETE' = 6, 'CHAT_MESSAGE' = 7,
                       'GUILD_ACTION' = 8, 'PVP_BATTLE' = 9, 'PAYMENT' = 10, 'ERROR_OCCURRED' = 11),
    level        Int32,
    events       UInt64,
    players      UInt64,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (window_start, event_type, level);
