-- playpulse: min-server-version 19.6
-- Retention, applied only on servers with TTL (19.6 and later; the 18.16 test server has none).
ALTER TABLE game_events MODIFY TTL event_time + INTERVAL 365 DAY;
ALTER TABLE rejected_events MODIFY TTL rejected_at + INTERVAL 30 DAY;
ALTER TABLE kpi_events_per_minute MODIFY TTL minute + INTERVAL 90 DAY;
ALTER TABLE kpi_dashboard_minute MODIFY TTL minute + INTERVAL 90 DAY;
ALTER TABLE kpi_dashboard_revenue_minute MODIFY TTL minute + INTERVAL 90 DAY;
ALTER TABLE kpi_ccu_minute MODIFY TTL minute + INTERVAL 90 DAY;
