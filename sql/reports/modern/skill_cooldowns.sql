-- skill_cooldowns for current ClickHouse (lagInFrame; not on 18.16, so not tested here): the gaps
-- between one player's consecutive uses of one skill, as ../skill_cooldowns.sql computes them.
SELECT skill_id, count() AS uses, uniqExact(user_id) AS players, round(uses / players, 2) AS uses_per_player,
       count(gap_ms) AS gaps, round(countIf(gap_ms <= 1000) / gaps, 4) AS instant_share,
       round(quantileExact(0.1)(gap_ms) / 1000, 2) AS p10_gap_s,
       round(quantileExact(0.5)(gap_ms) / 1000, 2) AS median_gap_s,
       round(avg(gap_ms) / 1000, 2) AS avg_gap_s
FROM
(
    SELECT user_id, skill_id,
           if(row_number() OVER w = 1, NULL, timestamp_ms - lagInFrame(timestamp_ms) OVER w) AS gap_ms
    FROM game_events FINAL
    WHERE event_type = 'SKILL_USE' AND skill_id IS NOT NULL AND event_time >= {from} AND event_time < {to}
    WINDOW w AS (PARTITION BY user_id, skill_id ORDER BY timestamp_ms ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
GROUP BY skill_id
ORDER BY skill_id
