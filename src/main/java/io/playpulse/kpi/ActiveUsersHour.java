package io.playpulse.kpi;

import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.FirstIn;

/** kpi_active_users_hour: exact distinct players per hour and platform. */
public class ActiveUsersHour extends KpiRow {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<ActiveUsersHour> TABLE = ClickHouseTable.<ActiveUsersHour>named("kpi_active_users_hour")
            .dateTime("hour", row -> row.windowStartMs)
            .string("platform", row -> row.platform)
            .int64("users", row -> row.users)
            .versioned();

    public String platform;
    public long users;

    public ActiveUsersHour() {}

    @Override
    public void add(ActivityFact f) {
        platform = f.platform;
        if (f.firstIn(FirstIn.HOUR)) {
            users++;
        }
    }

    @Override
    public void merge(KpiRow partial) {
        ActiveUsersHour p = (ActiveUsersHour) partial;
        platform = p.platform;
        users += p.users;
    }
}
