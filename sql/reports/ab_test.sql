-- Does an A/B group convert better than control A? Conversion, revenue per player, z-test p-value.
--
-- A/B test per ab_test_group: participants (players of the group with an event in the range),
-- converters (those who made any purchase or payment), conversion, revenue per participant in US
-- dollars (the job's churn.usd-cents-per-minor-unit rates), and a two-sided two-proportion z-test
-- of the conversion against the control group A (pooled; NULL for the control itself).
-- default days: 1
SELECT test_group, participants, converters, round(conversion, 4) AS conversion,
       round(revenue_usd / participants, 2) AS revenue_usd_per_player,
       if(test_group = control_group, NULL, round(z, 3)) AS z_score,
       if(test_group = control_group, NULL, round(erfc(abs(z) / sqrt(2)), 6)) AS p_value
FROM
(
    SELECT test_group, participants, converters, revenue_usd, control_group,
           converters / participants AS conversion,
           control_converters / control_participants AS control_conversion,
           (converters + control_converters) / (participants + control_participants) AS pooled,
           (conversion - control_conversion)
               / sqrt(pooled * (1 - pooled) * (1 / participants + 1 / control_participants)) AS z
    FROM
    (
        SELECT 1 AS joined, assumeNotNull(ab_test_group) AS test_group,
               uniqExact(user_id) AS participants,
               uniqExactIf(user_id, event_type IN ('ITEM_PURCHASE', 'PAYMENT')) AS converters,
               sumIf(if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0)) * {usd_cents} / 100,
                     event_type IN ('ITEM_PURCHASE', 'PAYMENT')) AS revenue_usd
        FROM game_events FINAL
        WHERE ab_test_group IS NOT NULL AND event_time >= {from} AND event_time < {to}
        GROUP BY test_group
    )
    ALL LEFT JOIN
    (
        SELECT 1 AS joined, 'A' AS control_group,
               uniqExact(user_id) AS control_participants,
               uniqExactIf(user_id, event_type IN ('ITEM_PURCHASE', 'PAYMENT')) AS control_converters
        FROM game_events FINAL
        WHERE ab_test_group = 'A' AND event_time >= {from} AND event_time < {to}
    )
    USING joined
)
ORDER BY test_group
