-- Per weapon: PvP battles, usage share, win rate, p95 damage.
--
-- Weapon balance from PvP battles: battles, usage share, win rate (wins / battles; draws are not
-- wins), distinct players, average and p95 damage dealt, per weapon, most used first.
-- default days: 7
SELECT weapon_id, battles, round(battles / total_battles, 4) AS usage_share, round(win_rate, 4) AS win_rate,
       players, avg_damage, p95_damage
FROM
(
    SELECT 1 AS joined, assumeNotNull(weapon_id) AS weapon_id,
           count() AS battles,
           countIf(battle_result = 'win') / battles AS win_rate,
           uniqExact(user_id) AS players,
           round(avg(damage_dealt), 1) AS avg_damage,
           round(quantile(0.95)(damage_dealt), 1) AS p95_damage
    FROM game_events FINAL
    WHERE event_type = 'PVP_BATTLE' AND weapon_id IS NOT NULL AND event_time >= {from} AND event_time < {to}
    GROUP BY weapon_id
)
ALL LEFT JOIN
(
    SELECT 1 AS joined, count() AS total_battles
    FROM game_events FINAL
    WHERE event_type = 'PVP_BATTLE' AND weapon_id IS NOT NULL AND event_time >= {from} AND event_time < {to}
)
USING joined
ORDER BY battles DESC, weapon_id
