-- Today's daily active players per platform (UTC day), as of the job's latest rewrite.
SELECT platform, active_users, new_players, returning_players, as_of
FROM kpi_daily_players FINAL
WHERE day = toDate({now})
ORDER BY platform
