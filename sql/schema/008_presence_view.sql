-- Who was online at the end of each minute, recomputed from game_events: a player is online when
-- their latest event before the minute's end is not a logout and came less than 30 minutes before it
-- (the job's session.idle-timeout; change the 1800000 here if you change it there). Late events
-- (is_late = 1) do not count. One row per minute, server, platform: what kpi_ccu_minute must hold.
CREATE VIEW IF NOT EXISTS player_presence_minute AS
SELECT
    toDateTime(intDiv(minute_end, 1000) - 60) AS minute,
    server_id,
    platform,
    count() AS ccu
FROM
(
    SELECT
        tupleElement(event, 3) AS server_id,
        tupleElement(event, 4) AS platform,
        arrayJoin(arrayMap(k -> (intDiv(tupleElement(event, 1), 60000) + 1 + k) * 60000,
            range(toUInt64(greatest(0,
                toInt64(intDiv(least(next_ts, tupleElement(event, 1) + 1800000 - 1), 60000))
                - toInt64(intDiv(tupleElement(event, 1), 60000))))))) AS minute_end
    FROM
    (
        SELECT
            user_id,
            arraySort(groupArray((timestamp_ms, toUInt8(event_type = 'USER_LOGOUT'), server_id, platform))) AS timeline,
            arrayPushBack(arrayPopFront(arrayMap(e -> tupleElement(e, 1), timeline)),
                          toUInt64(18446744073709551615)) AS next_times
        FROM game_events FINAL
        WHERE is_late = 0
        GROUP BY user_id
    )
    ARRAY JOIN timeline AS event, next_times AS next_ts
    WHERE tupleElement(event, 2) = 0
)
GROUP BY minute_end, server_id, platform;
