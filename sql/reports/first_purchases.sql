-- Players who paid for the first time ever, per day, platform and currency.
--
-- Players whose first purchase or payment ever (in all stored events) falls in the range, per day
-- and platform, with what that first transaction was worth per currency (minor units).
-- default days: 7
SELECT toDate(first_at) AS day, platform, currency, count() AS first_time_payers, sum(money) AS first_revenue
FROM
(
    SELECT user_id,
           min(event_time) AS first_at,
           argMin(platform, (timestamp_ms, event_id)) AS platform,
           argMin(assumeNotNull(currency), (timestamp_ms, event_id)) AS currency,
           argMin(if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0)), (timestamp_ms, event_id)) AS money
    FROM game_events FINAL
    WHERE event_type IN ('ITEM_PURCHASE', 'PAYMENT')
    GROUP BY user_id
)
WHERE first_at >= {from} AND first_at < {to}
GROUP BY day, platform, currency
ORDER BY day, platform, currency
