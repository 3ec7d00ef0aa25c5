-- Revenue per hour and currency (today by default).
--
-- Revenue per hour and currency (minor units: payments' amount, purchases' price), with
-- transactions and distinct paying players.
-- default days: 1
SELECT toStartOfHour(event_time) AS hour,
       assumeNotNull(currency) AS currency,
       sum(if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0))) AS revenue,
       count() AS transactions,
       uniqExact(user_id) AS paying_players
FROM game_events FINAL
WHERE event_type IN ('ITEM_PURCHASE', 'PAYMENT') AND event_time >= {from} AND event_time < {to}
GROUP BY hour, currency
ORDER BY hour, currency
