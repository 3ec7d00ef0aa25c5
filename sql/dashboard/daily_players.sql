-- Today's daily active players per platform (the UTC day), as of the job's latest rewrite.
SELECT platform, active_users, new_players, returning_players, toUInt32(as_of) AS as_of_s
FROM kpi_daily_players FINAL
WHERE day = {today}
ORDER BY platform
