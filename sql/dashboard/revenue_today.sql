-- Today's revenue per hour and currency (UTC, minor units, closed minutes only; currencies never add up).
SELECT toStartOfHour(minute) AS hour, currency, sum(revenue) AS revenue, sum(transactions) AS transactions
FROM kpi_dashboard_revenue_minute FINAL
WHERE minute >= toStartOfDay({now}) AND minute <= {now}
GROUP BY hour, currency
ORDER BY hour, currency
