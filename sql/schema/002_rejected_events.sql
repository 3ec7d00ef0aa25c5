-- The dead letter, as a table: every rejected record once, keyed by where it came from.
-- payload holds the original bytes as text, cut at 64 KiB (payload_bytes is the full size);
-- the game-events-dlq topic holds the exact bytes.
CREATE TABLE IF NOT EXISTS rejected_events
(
    source_topic     String,
    source_partition UInt32,
    source_offset    UInt64,
    reason           Enum8('NOT_JSON' = 1, 'NOT_AN_OBJECT' = 2, 'MISSING_FIELD' = 3, 'WRONG_TYPE' = 4,
                           'FIELD_TOO_LONG' = 5, 'UNKNOWN_EVENT_TYPE' = 6, 'INVALID_USER_ID' = 7,
                           'TIMESTAMP_IN_FUTURE' = 8, 'TIMESTAMP_TOO_OLD' = 9, 'PAYLOAD_TOO_LARGE' = 10,
                           'NEGATIVE_AMOUNT' = 11, 'UNSUPPORTED_ENCODING' = 12, 'INVALID_STRING' = 13,
                           'OUT_OF_RANGE' = 14, 'UNPARSEABLE' = 15),
    detail           String,
    record_key       Nullable(String),
    payload          String,
    payload_bytes    UInt32,
    kafka_time_ms    Int64,
    rejected_at      DateTime,
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source_topic, source_partition, source_offset);
