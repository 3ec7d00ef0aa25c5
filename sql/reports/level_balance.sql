-- Per level: players reaching it, time to level up, deaths, and outlier death rates.
--
-- Level balance: per level, the players who reached it (LEVEL_UP to it), average and median minutes
-- spent to get there, the players who played at it, their deaths per player, and the death rate
-- (deaths / events at that level). A level is an outlier when its death rate is more than twice the
-- median level's; levels with fewer than 200 events are too thin to judge and never outliers.
-- default days: 30
WITH
(
    SELECT median(rate)
    FROM
    (
        SELECT countIf(event_type = 'PLAYER_DEATH') / count() AS rate
        FROM game_events FINAL
        WHERE level IS NOT NULL AND event_time >= {from} AND event_time < {to}
        GROUP BY level
        HAVING count() >= 200
    )
) AS typical_death_rate
SELECT level, players_reached, avg_minutes_to_reach, median_minutes_to_reach,
       players_at_level, deaths, round(deaths / players_at_level, 3) AS deaths_per_player,
       round(death_rate, 4) AS death_rate,
       events >= 200 AND death_rate > 2 * typical_death_rate AS outlier
FROM
(
    SELECT assumeNotNull(level) AS level,
           count() AS events,
           uniqExact(user_id) AS players_at_level,
           countIf(event_type = 'PLAYER_DEATH') AS deaths,
           deaths / events AS death_rate
    FROM game_events FINAL
    WHERE level IS NOT NULL AND event_time >= {from} AND event_time < {to}
    GROUP BY level
)
ALL LEFT JOIN
(
    SELECT assumeNotNull(to_level) AS level,
           uniqExact(user_id) AS players_reached,
           round(avg(time_spent_minutes), 1) AS avg_minutes_to_reach,
           toNullable(round(quantileExact(0.5)(assumeNotNull(time_spent_minutes)), 1)) AS median_minutes_to_reach
    FROM game_events FINAL
    WHERE event_type = 'LEVEL_UP' AND to_level IS NOT NULL AND event_time >= {from} AND event_time < {to}
    GROUP BY level
)
USING level
ORDER BY level
