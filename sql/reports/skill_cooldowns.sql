-- Per skill: uses, uses per player, and the gaps between one player's uses.
--
-- Skill usage and the gaps between one player's consecutive uses of one skill: uses, players, uses
-- per player, gaps, the share of gaps of at most 1 s, and the p10, median and average gap (seconds).
-- default days: 7
SELECT skill_id, uses, players, round(uses / players, 2) AS uses_per_player, gaps,
       round(instant_gaps / gaps, 4) AS instant_share,
       round(p10_gap_s, 2) AS p10_gap_s, round(median_gap_s, 2) AS median_gap_s, round(avg_gap_s, 2) AS avg_gap_s
FROM
(
    SELECT assumeNotNull(skill_id) AS skill_id, count() AS uses, uniqExact(user_id) AS players
    FROM game_events FINAL
    WHERE event_type = 'SKILL_USE' AND skill_id IS NOT NULL AND event_time >= {from} AND event_time < {to}
    GROUP BY skill_id
)
ALL LEFT JOIN
(
    SELECT skill_id, count() AS gaps, countIf(gap_ms <= 1000) AS instant_gaps,
           quantileExact(0.1)(gap_ms) / 1000 AS p10_gap_s,
           quantileExact(0.5)(gap_ms) / 1000 AS median_gap_s,
           avg(gap_ms) / 1000 AS avg_gap_s
    FROM
    (
        SELECT assumeNotNull(skill_id) AS skill_id, arraySort(groupArray(timestamp_ms)) AS times
        FROM game_events FINAL
        WHERE event_type = 'SKILL_USE' AND skill_id IS NOT NULL AND event_time >= {from} AND event_time < {to}
        GROUP BY user_id, skill_id
    )
    ARRAY JOIN arrayPopFront(arrayDifference(times)) AS gap_ms
    GROUP BY skill_id
)
USING skill_id
ORDER BY skill_id
