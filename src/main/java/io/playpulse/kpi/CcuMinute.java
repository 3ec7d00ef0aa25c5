package io.playpulse.kpi;

/** kpi_ccu_minute: players online at the end of each minute, per server and platform. */
public class CcuMinute {
    public long windowStartMs;
    public String serverId;
    public String platform;
    public long ccu;

    public CcuMinute() {}
}
