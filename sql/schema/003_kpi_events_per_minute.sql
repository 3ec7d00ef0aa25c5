-- Events and distinct players per minute, event type and platform (event time). A late event within
-- the allowed lateness re-emits its minute with a higher version; read with FINAL.
CREATE TABLE IF NOT EXISTS kpi_events_per_minute
(
    minute     DateTime,
    event_type Enum8('USER_LOGIN' = 0, 'USER_LOGOUT' = 1, 'LEVEL_UP' = 2, 'ITEM_PURCHASE' = 3,
                     'SKILL_USE' = 4, 'PLAYER_DEATH' = 5, 'QUEST_COMPLETE' = 6, 'CHAT_MESSAGE' = 7,
                     'GUILD_ACTION' = 8, 'PVP_BATTLE' = 9, 'PAYMENT' = 10, 'ERROR_OCCURRED' = 11),
    platform   String,
    events     UInt64,
    users      UInt64,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, event_type, platform);
