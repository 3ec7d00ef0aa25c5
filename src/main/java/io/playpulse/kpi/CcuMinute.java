package io.playpulse.kpi;

/** kpi_ccu_minute: players online at the end of each minute, per server and platform. */
public class CcuMinute extends KpiRow {
    public String serverId;
    public String platform;
    public long ccu;

    public CcuMinute() {}

    @Override
    public void add(ActivityFact f) {
        serverId = f.serverId;
        platform = f.platform;
        ccu += f.delta;
    }
}
