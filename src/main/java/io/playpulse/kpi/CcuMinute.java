package io.playpulse.kpi;

import io.playpulse.clickhouse.ClickHouseTable;

/** kpi_ccu_minute: players online at the end of each minute, per server and platform. */
public class CcuMinute {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<CcuMinute> TABLE = ClickHouseTable.<CcuMinute>named("kpi_ccu_minute")
            .dateTime("minute", row -> row.windowStartMs)
            .string("server_id", row -> row.serverId)
            .string("platform", row -> row.platform)
            .int64("ccu", row -> row.ccu)
            .versioned();

    public long windowStartMs;
    public String serverId;
    public String platform;
    public long ccu;

    public CcuMinute() {}
}
