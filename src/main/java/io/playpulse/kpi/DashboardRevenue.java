package io.playpulse.kpi;

import io.playpulse.clickhouse.ClickHouseTable;

/** kpi_dashboard_revenue_minute: revenue (minor units) and transactions per minute, platform and currency. */
public class DashboardRevenue {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<DashboardRevenue> TABLE = ClickHouseTable.<DashboardRevenue>named("kpi_dashboard_revenue_minute")
            .dateTime("minute", row -> row.windowStartMs)
            .string("platform", row -> row.platform)
            .string("currency", row -> row.currency)
            .int64("revenue", row -> row.revenue)
            .int64("transactions", row -> row.transactions)
            .versioned();

    public long windowStartMs;
    public String platform;
    public String currency;
    public long revenue;
    public long transactions;

    public DashboardRevenue() {}
}
