-- Servers above 200 ms p95 response time or 5% errors over the range.
--
-- The servers that answered slowly (p95 response time above 200 ms) or failed often (more than 5%
-- of their events are errors) over the range, worst p95 first.
-- default days: 1
WITH 200 AS p95_limit_ms, 0.05 AS error_rate_limit
SELECT server_id, events, players, p95_response_ms, error_rate,
       arrayStringConcat(arrayFilter(r -> r != '', [
           if(ifNull(p95_response_ms, 0) > p95_limit_ms, 'p95 above 200 ms', ''),
           if(error_rate > error_rate_limit, 'errors above 5%', '')]), ', ') AS why
FROM
(
    SELECT server_id,
           count() AS events,
           uniqExact(user_id) AS players,
           round(quantile(0.95)(response_time_ms), 1) AS p95_response_ms,
           round(countIf(event_type = 'ERROR_OCCURRED') / events, 4) AS error_rate
    FROM game_events FINAL
    WHERE event_time >= {from} AND event_time < {to}
    GROUP BY server_id
)
WHERE p95_response_ms > p95_limit_ms OR error_rate > error_rate_limit
ORDER BY p95_response_ms DESC, server_id
