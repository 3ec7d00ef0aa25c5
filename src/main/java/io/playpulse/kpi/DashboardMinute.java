package io.playpulse.kpi;

import io.playpulse.clickhouse.ClickHouseTable;

/**
 * kpi_dashboard_minute: the live-ops row per minute and platform. Revenue per currency is in
 * {@link DashboardRevenue} (currencies are never added together).
 */
public class DashboardMinute {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<DashboardMinute> TABLE = ClickHouseTable.<DashboardMinute>named("kpi_dashboard_minute")
            .dateTime("minute", row -> row.windowStartMs)
            .string("platform", row -> row.platform)
            .int64("events", row -> row.events)
            .int64("users", row -> row.users)
            .int64("login_users", row -> row.loginUsers)
            .int64("logout_users", row -> row.logoutUsers)
            .int64("error_events", row -> row.errorEvents)
            .int64("ccu", row -> row.ccu)
            .versioned();

    public long windowStartMs;
    public String platform;
    public long events;
    public long users;
    public long loginUsers;
    public long logoutUsers;
    public long errorEvents;
    /** Players online at the minute's end ({@link PresenceTimeline}). */
    public long ccu;

    public DashboardMinute() {}
}
