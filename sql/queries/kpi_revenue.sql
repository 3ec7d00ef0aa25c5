-- Recomputes kpi_revenue: per 5 minutes, hour and day and per currency, revenue (minor units),
-- transactions, distinct paying players and ARPPU.
SELECT granularity, window_start, currency, revenue, transactions, paying_users, revenue / paying_users AS arppu
FROM
(
    SELECT '5m' AS granularity, toStartOfFiveMinute(event_time) AS window_start, currency,
           sum(money) AS revenue, count() AS transactions, uniqExact(user_id) AS paying_users
    FROM (SELECT event_time, currency, user_id,
                 if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0)) AS money
          FROM game_events FINAL
          WHERE is_late = 0 AND event_type IN ('ITEM_PURCHASE', 'PAYMENT'))
    GROUP BY window_start, currency
    UNION ALL
    SELECT '1h' AS granularity, toStartOfHour(event_time) AS window_start, currency,
           sum(money) AS revenue, count() AS transactions, uniqExact(user_id) AS paying_users
    FROM (SELECT event_time, currency, user_id,
                 if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0)) AS money
          FROM game_events FINAL
          WHERE is_late = 0 AND event_type IN ('ITEM_PURCHASE', 'PAYMENT'))
    GROUP BY window_start, currency
    UNION ALL
    SELECT '1d' AS granularity, toStartOfDay(event_time) AS window_start, currency,
           sum(money) AS revenue, count() AS transactions, uniqExact(user_id) AS paying_users
    FROM (SELECT event_time, currency, user_id,
                 if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0)) AS money
          FROM game_events FINAL
          WHERE is_late = 0 AND event_type IN ('ITEM_PURCHASE', 'PAYMENT'))
    GROUP BY window_start, currency
)
