package io.playpulse.kpi;

/** kpi_active_users_hour: exact distinct players per hour and platform. */
public class ActiveUsersHour extends KpiRow {
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
