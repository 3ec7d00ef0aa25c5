package io.playpulse.player;

import java.util.Comparator;

/** One event as presence sees it: when, whether it was a logout, and where. A Flink POJO. */
public class PresencePoint {
    /**
     * Which of two events is the later: by timestamp, a logout after anything else at the same
     * millisecond, then by server and platform, so ties resolve the same way everywhere (the SQL
     * recompute sorts the same tuple).
     */
    static final Comparator<PresencePoint> ORDER = Comparator.<PresencePoint>comparingLong(p -> p.ts)
            .thenComparing(p -> p.logout)
            .thenComparing(p -> p.serverId)
            .thenComparing(p -> p.platform);

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

    boolean isAfter(PresencePoint other) {
        return other == null || ORDER.compare(this, other) > 0;
    }

    @Override
    public String toString() {
        return (logout ? "logout@" : "active@") + ts + " " + serverId + "/" + platform;
    }
}
