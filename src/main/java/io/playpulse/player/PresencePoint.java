package io.playpulse.player;

/** One event as presence sees it: when, whether it was a logout, and where. A Flink POJO. */
public class PresencePoint {
    public long ts;
    public boolean logout;
    public String serverId;
    public String platform;

    public PresencePoint() {}

    public PresencePoint(long ts, boolean logout, String serverId, String platform) {
        this.ts = ts;
        this.logout = logout;
        this.serverId = serverId;
        this.platform = platform;
    }

    /**
     * Whether this event is the later of the two: by timestamp, a logout after anything else at the
     * same millisecond, then by server and platform, so ties resolve the same way everywhere (the SQL
     * recompute sorts the same tuple). Spelled out rather than a chained {@code Comparator}, which
     * boxed the flag and cost 3.5% of the keyed thread.
     */
    boolean isAfter(PresencePoint other) {
        if (other == null) {
            return true;
        }
        if (ts != other.ts) {
            return ts > other.ts;
        }
        if (logout != other.logout) {
            return logout;
        }
        int byServer = serverId.compareTo(other.serverId);
        return byServer != 0 ? byServer > 0 : platform.compareTo(other.platform) > 0;
    }

    @Override
    public String toString() {
        return (logout ? "logout@" : "active@") + ts + " " + serverId + "/" + platform;
    }
}
