package io.playpulse.kpi;

/**
 * kpi_dashboard_minute: the live-ops row per minute and platform. Revenue per currency is in
 * {@link DashboardRevenue} (currencies are never added together).
 */
public class DashboardMinute {
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
