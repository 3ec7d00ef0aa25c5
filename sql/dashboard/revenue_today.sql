-- Today's revenue per hour and currency (the UTC day, minor units, closed minutes only; currencies
-- never add up). Hours are cut from epoch seconds, whatever the server's time zone.
SELECT intDiv(toUInt32(minute), 3600) * 3600 AS hour_s, currency, sum(revenue) AS revenue,
       sum(transactions) AS transactions
FROM kpi_dashboard_revenue_minute FINAL
WHERE minute >= {day_start} AND minute <= {now}
GROUP BY hour_s, currency
ORDER BY hour_s, currency
