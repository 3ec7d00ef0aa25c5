-- Recomputes kpi_ccu_minute: players online at the end of each minute, per server and platform.
SELECT minute, server_id, platform, ccu
FROM player_presence_minute
