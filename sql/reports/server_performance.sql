-- Per server and minute: events, players, avg and p95 response time, error rate.
--
-- Per server and minute: events, distinct players, average and p95 response time (ms, of the
-- events that report one: skill uses and errors) and error rate (ERROR_OCCURRED / events).
-- default days: 1
SELECT toStartOfMinute(event_time) AS minute, server_id,
       count() AS events,
       uniqExact(user_id) AS players,
       round(avg(response_time_ms), 1) AS avg_response_ms,
       round(quantile(0.95)(response_time_ms), 1) AS p95_response_ms,
       round(countIf(event_type = 'ERROR_OCCURRED') / events, 4) AS error_rate
FROM game_events FINAL
WHERE event_time >= {from} AND event_time < {to}
GROUP BY minute, server_id
ORDER BY minute, server_id
