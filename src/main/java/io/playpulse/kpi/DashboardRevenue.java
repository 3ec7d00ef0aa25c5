package io.playpulse.kpi;

/** kpi_dashboard_revenue_minute: revenue (minor units) and transactions per minute, platform and currency. */
public class DashboardRevenue {
    public long windowStartMs;
    public String platform;
    public String currency;
    public long revenue;
    public long transactions;

    public DashboardRevenue() {}
}
