-- Clean events: one row per distinct event_id, typed columns extracted by the job, raw properties kept.
-- A replay after a failure re-inserts the same sorting key; read with FINAL to see each event once.
-- is_late = 1: the event came more than the allowed lateness behind its partition's watermark;
-- it is stored here and left out of every KPI table.
CREATE TABLE IF NOT EXISTS game_events
(
    event_id           String,
    event_type         Enum8('USER_LOGIN' = 0, 'USER_LOGOUT' = 1, 'LEVEL_UP' = 2, 'ITEM_PURCHASE' = 3,
                             'SKILL_USE' = 4, 'PLAYER_DEATH' = 5, 'QUEST_COMPLETE' = 6, 'CHAT_MESSAGE' = 7,
                             'GUILD_ACTION' = 8, 'PVP_BATTLE' = 9, 'PAYMENT' = 10, 'ERROR_OCCURRED' = 11),
    user_id            UInt64,
    session_id         String,
    timestamp_ms       UInt64,
    event_time         DateTime DEFAULT toDateTime(intDiv(timestamp_ms, 1000)),
    server_id          String,
    platform           String,
    client_version     Nullable(String),
    schema_version     Nullable(String),
    price              Nullable(Int64),
    amount             Nullable(Int64),
    currency           Nullable(String),
    item_id            Nullable(String),
    item_market_price  Nullable(Int64),
    gold_change        Nullable(Int64),
    skill_id           Nullable(String),
    damage             Nullable(Int64),
    level              Nullable(Int32),
    from_level         Nullable(Int32),
    to_level           Nullable(Int32),
    time_spent_minutes Nullable(Float64),
    defender_id        Nullable(UInt64),
    battle_result      Nullable(String),
    weapon_id          Nullable(String),
    damage_dealt       Nullable(Int64),
    damage_received    Nullable(Int64),
    error_type         Nullable(String),
    response_time_ms   Nullable(Float64),
    ab_test_group      Nullable(String),
    properties         String,
    is_late            UInt8,
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(event_time)
ORDER BY (event_type, user_id, event_time, event_id);
