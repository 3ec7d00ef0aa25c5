-- Recomputes kpi_revenue: per 5 minutes, hour and day and per currency, revenue (minor units),
-- transactions, distinct paying players and ARPPU. One scan: each payment joins its three windows.
SELECT granularity, window_start, currency,
       sum(money) AS revenue, count() AS transactions, uniqExact(user_id) AS paying_users,
       revenue / paying_users AS arppu
FROM
(
    SELECT currency, user_id,
           if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0)) AS money,
           arrayJoin([('5m', toStartOfFiveMinute(event_time)), ('1h', toStartOfHour(event_time)),
                      ('1d', toStartOfDay(event_time))]) AS window,
           tupleElement(window, 1) AS granularity,
           tupleElement(window, 2) AS window_start
    FROM game_events FINAL
    WHERE is_late = 0 AND event_type IN ('ITEM_PURCHASE', 'PAYMENT')
)
GROUP BY granularity, window_start, currency
