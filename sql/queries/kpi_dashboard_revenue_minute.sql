-- Recomputes kpi_dashboard_revenue_minute: revenue (ITEM_PURCHASE price, PAYMENT amount; minor
-- units) and transactions per minute, platform and currency.
SELECT
    toStartOfMinute(event_time) AS minute,
    platform,
    currency,
    sum(if(event_type = 'PAYMENT', ifNull(amount, 0), ifNull(price, 0))) AS revenue,
    count() AS transactions
FROM game_events FINAL
WHERE is_late = 0 AND event_type IN ('ITEM_PURCHASE', 'PAYMENT')
GROUP BY minute, platform, currency
