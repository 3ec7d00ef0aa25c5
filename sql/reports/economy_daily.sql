-- Gold generated and spent, and the item market price, per day.
--
-- The in-game economy per day: gold generated (positive gold_change) and spent (negative), their
-- ratio, and the average item market price.
-- default days: 30
SELECT toDate(event_time) AS day,
       sumIf(gold_change, gold_change > 0) AS gold_generated,
       -sumIf(gold_change, gold_change < 0) AS gold_spent,
       round(gold_generated / gold_spent, 3) AS generated_per_spent,
       round(avg(item_market_price), 1) AS avg_market_price
FROM game_events FINAL
WHERE event_time >= {from} AND event_time < {to}
GROUP BY day
ORDER BY day
