-- Balance findings (weapons, skill cooldowns, economy), each with a severity and a recommendation.
--
-- The balance report (the design document's balance optimizer): one row per finding, with a
-- severity (high, medium, low) and a recommendation. Findings:
--   weapon_win_rate  a weapon (100+ battles) wins under 40% or over 60%; severity from |rate - 0.5| * 2 (high above 0.3)
--   weapon_overuse   a weapon is used in more than twice an even share of battles (high above 3x)
--   skill_spam       over 5% of a skill's gaps (100+ uses) are 1 s or less: cooldown x 1.5 (high above 15%)
--   skill_underuse   a skill (100+ uses) is re-used less than every 30 s on average and under 5 times per player:
--                    cooldown max(5 s, median gap x 0.8)
--   economy          14+ days of data: market price inflation (last 7 days against the first 7) and gold
--                    generated / spent (last 7 days): high above 10% or 1.5, medium above 5% or 1.2
-- default days: 30
SELECT area, subject, finding, value, severity, recommendation
FROM
(
    SELECT 'weapons' AS area, weapon_id AS subject, 'weapon_win_rate' AS finding, round(win_rate, 4) AS value,
           if(abs(win_rate - 0.5) * 2 > 0.3, 'high', 'medium') AS severity,
           concat(if(win_rate > 0.6, 'Lower', 'Raise'), ' its damage: wins ', toString(round(win_rate * 100, 1)),
                  '% of ', toString(battles), ' battles, target 50%') AS recommendation
    FROM
    (
        SELECT assumeNotNull(weapon_id) AS weapon_id, count() AS battles, countIf(battle_result = 'win') / battles AS win_rate
        FROM game_events FINAL
        WHERE event_type = 'PVP_BATTLE' AND weapon_id IS NOT NULL AND event_time >= {from} AND event_time < {to}
        GROUP BY weapon_id
        HAVING battles >= 100 AND (win_rate < 0.4 OR win_rate > 0.6)
    )

    UNION ALL

    SELECT 'weapons' AS area, weapon_id AS subject, 'weapon_overuse' AS finding, round(share, 4) AS value,
           if(share > 3 * even_share, 'high', 'medium') AS severity,
           concat('Nerf its damage or cooldown: used in ', toString(round(share * 100, 1)),
                  '% of battles, an even share is ', toString(round(even_share * 100, 1)), '%') AS recommendation
    FROM
    (
        SELECT weapon_id, share, even_share
        FROM
        (
            SELECT groupArray(weapon_id) AS weapons, arrayMap(c -> c / sum(battles), groupArray(battles)) AS shares,
                   1 / count() AS even_share
            FROM
            (
                SELECT assumeNotNull(weapon_id) AS weapon_id, count() AS battles
                FROM game_events FINAL
                WHERE event_type = 'PVP_BATTLE' AND weapon_id IS NOT NULL AND event_time >= {from} AND event_time < {to}
                GROUP BY weapon_id
            )
        )
        ARRAY JOIN weapons AS weapon_id, shares AS share
        WHERE share > 2 * even_share
    )

    UNION ALL

    SELECT 'skills' AS area, skill_id AS subject,
           if(instant_share > 0.05, 'skill_spam', 'skill_underuse') AS finding,
           round(if(instant_share > 0.05, instant_share, avg_gap_s), 4) AS value,
           multiIf(instant_share > 0.15, 'high', instant_share > 0.05, 'medium', 'low') AS severity,
           if(instant_share > 0.05,
              concat('Raise its cooldown 1.5x, from about ', toString(round(p10_gap_s, 1)), ' s (p10 gap) to ',
                     toString(round(p10_gap_s * 1.5, 1)), ' s: ', toString(round(instant_share * 100, 1)),
                     '% of re-uses come within 1 s'),
              concat('Lower its cooldown to ', toString(round(greatest(5, median_gap_s * 0.8), 1)),
                     ' s (median gap ', toString(round(median_gap_s, 1)), ' s x 0.8, at least 5 s): ',
                     toString(round(uses / players, 1)), ' uses per player')) AS recommendation
    FROM
    (
        SELECT skill_id, count() AS uses, uniqExact(user_id) AS players,
               countIf(gap_ms <= 1000) / count() AS instant_share,
               quantileExact(0.1)(gap_ms) / 1000 AS p10_gap_s,
               quantileExact(0.5)(gap_ms) / 1000 AS median_gap_s,
               avg(gap_ms) / 1000 AS avg_gap_s
        FROM
        (
            SELECT user_id, assumeNotNull(skill_id) AS skill_id, arraySort(groupArray(timestamp_ms)) AS times
            FROM game_events FINAL
            WHERE event_type = 'SKILL_USE' AND skill_id IS NOT NULL AND event_time >= {from} AND event_time < {to}
            GROUP BY user_id, skill_id
        )
        -- One row per use: its gap to the player's previous use of the skill (NULL for the first).
        ARRAY JOIN arrayMap(i -> if(i = 1, NULL, toNullable(times[i] - times[i - 1])), arrayEnumerate(times)) AS gap_ms
        GROUP BY skill_id
        HAVING uses >= 100 AND (instant_share > 0.05 OR (avg_gap_s > 30 AND uses / players < 5))
    )

    UNION ALL

    SELECT 'economy' AS area, 'gold and market prices' AS subject, 'economy' AS finding,
           round(price_inflation, 4) AS value,
           multiIf(price_inflation > 0.1 OR gold_ratio > 1.5, 'high', 'medium') AS severity,
           concat('Market prices ', toString(round(price_inflation * 100, 1)), '% over ', toString(days),
                  ' days, gold generated / spent ', toString(round(gold_ratio, 2)), ': ',
                  arrayStringConcat(arrayFilter(r -> r != '', [
                      if(price_inflation > 0.1, 'cut quest gold rewards by 20%', ''),
                      if(gold_ratio > 1.5, 'add gold sinks (repair costs, taxes) +30%', ''),
                      if(price_inflation <= 0.1 AND gold_ratio <= 1.5, 'watch prices and gold rewards', '')]), '; '))
               AS recommendation
    FROM
    (
        SELECT length(daily) AS days,
               arrayReduce('avg', arraySlice(prices, -7)) AS late_price,
               arrayReduce('avg', arraySlice(prices, 1, 7)) AS early_price,
               (late_price - early_price) / early_price AS price_inflation,
               arrayReduce('avg', arraySlice(ratios, -7)) AS gold_ratio
        FROM
        (
            SELECT arraySort(groupArray((day, avg_price, generated / spent))) AS daily,
                   arrayMap(d -> tupleElement(d, 2), daily) AS prices,
                   arrayMap(d -> tupleElement(d, 3), daily) AS ratios
            FROM
            (
                SELECT toDate(event_time) AS day,
                       ifNull(avg(item_market_price), nan) AS avg_price,
                       ifNull(sumIf(gold_change, gold_change > 0), 0) AS generated,
                       -ifNull(sumIf(gold_change, gold_change < 0), 0) AS spent
                FROM game_events FINAL
                WHERE event_time >= {from} AND event_time < {to}
                GROUP BY day
            )
        )
        WHERE days >= 14
    )
    WHERE price_inflation > 0.05 OR gold_ratio > 1.2
)
ORDER BY indexOf(['high', 'medium', 'low'], severity), area, subject
