-- Revenue, ARPU, ARPPU and payment conversion per day, platform and currency.
--
-- Revenue per day, platform and currency (minor units), with ARPU (revenue / active players),
-- ARPPU (revenue / paying players) and payment conversion (paying players / active players).
-- Active players: every player with an event that day on that platform, whatever the currency.
-- default days: 7
SELECT day, platform, currency, revenue, transactions, paying_players, active_players,
       round(revenue / active_players, 2) AS arpu,
       round(revenue / paying_players, 2) AS arppu,
       round(paying_players / active_players, 4) AS conversion
FROM
(
    SELECT toDate(event_time) AS day, platform, assumeNotNull(currency) AS currency,
           sum(if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0))) AS revenue,
           count() AS transactions,
           uniqExact(user_id) AS paying_players
    FROM game_events FINAL
    WHERE event_type IN ('ITEM_PURCHASE', 'PAYMENT') AND event_time >= {from} AND event_time < {to}
    GROUP BY day, platform, currency
)
ANY LEFT JOIN
(
    SELECT toDate(event_time) AS day, platform, uniqExact(user_id) AS active_players
    FROM game_events FINAL
    WHERE event_time >= {from} AND event_time < {to}
    GROUP BY day, platform
)
USING (day, platform)
ORDER BY day, platform, currency
