package io.playpulse.player;

/** An online mark already sent for a minute's end, and where the player was counted. A Flink POJO. */
public class PresenceMark {
    public long minuteEnd;
    public String serverId;
    public String platform;

    public PresenceMark() {}

    PresenceMark(long minuteEnd, PresencePoint where) {
        this.minuteEnd = minuteEnd;
        this.serverId = where.serverId;
        this.platform = where.platform;
    }

    boolean sameWhere(PresencePoint p) {
        return p != null && serverId.equals(p.serverId) && platform.equals(p.platform);
    }
}
