-- D1, D7 and D30 retention per install day and platform.
--
-- D1, D7 and D30 retention per install day (the day a player was first seen, in all stored events)
-- and platform (the player's first): the share of the cohort active exactly 1, 7 or 30 days later.
-- NULL while that day is not in the data yet (after the last stored event's day).
-- default days: 60
SELECT install_day, platform, count() AS installs,
       if(install_day + 1 <= last_day, round(countIf(has(days, install_day + 1)) / installs, 4), NULL) AS d1,
       if(install_day + 7 <= last_day, round(countIf(has(days, install_day + 7)) / installs, 4), NULL) AS d7,
       if(install_day + 30 <= last_day, round(countIf(has(days, install_day + 30)) / installs, 4), NULL) AS d30
FROM
(
    SELECT user_id, min(day) AS install_day, argMin(platform, first_ms) AS platform, groupUniqArray(day) AS days
    FROM
    (
        SELECT user_id, toDate(event_time) AS day, platform, min(timestamp_ms) AS first_ms
        FROM game_events FINAL
        GROUP BY user_id, day, platform
    )
    GROUP BY user_id
)
CROSS JOIN (SELECT toDate(max(event_time)) AS last_day FROM game_events)
WHERE install_day >= toDate({from}) AND install_day <= toDate({to} - 1)
GROUP BY install_day, platform, last_day
ORDER BY install_day, platform
