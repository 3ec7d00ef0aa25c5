-- The last hour's alerts, newest first.
SELECT toUInt32(detected_at) AS detected_at_s, severity, rule, title, summary, alert_id
FROM alerts FINAL
WHERE detected_at > {now} - 3600 AND detected_at <= {now}
ORDER BY detected_at DESC, alert_id
LIMIT 50
