package io.playpulse.kpi;

import io.playpulse.events.EventType;

/**
 * kpi_dashboard_minute: the live-ops row per minute and platform. Revenue per currency is in
 * {@link DashboardRevenue} (currencies are never added together).
 */
public class DashboardMinute extends KpiRow {
    public String platform;
    public long events;
    public long users;
    public long loginUsers;
    public long logoutUsers;
    public long errorEvents;
    /** Players online at the minute's end ({@link PresenceTimeline}). */
    public long ccu;

    public DashboardMinute() {}

    @Override
    public void add(ActivityFact f) {
        platform = f.platform;
        if (f.kind == FactKind.PRESENCE) {
            ccu += f.delta;
            return;
        }
        events++;
        if (f.eventType == EventType.ERROR_OCCURRED) {
            errorEvents++;
        }
        if (f.firstIn(FirstIn.MINUTE)) {
            users++;
        }
        if (f.firstIn(FirstIn.MINUTE_LOGIN)) {
            loginUsers++;
        }
        if (f.firstIn(FirstIn.MINUTE_LOGOUT)) {
            logoutUsers++;
        }
    }
}
