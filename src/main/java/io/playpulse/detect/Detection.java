package io.playpulse.detect;

/**
 * One firing of a per-player rule, before suppression turns firings into pages. A Flink POJO.
 */
public class Detection {
    public String rule;
    public long userId;
    public String serverId;
    public String platform;
    public long firstEventTimeMs;
    public long lastEventTimeMs;
    public long eventCount;
    public String detailsJson;

    public Detection() {}

    /** What a paging service groups on: one incident per rule and player. */
    public String dedupKey() {
        return rule + "|" + userId;
    }

    @Override
    public String toString() {
        return "Detection{" + rule + " user=" + userId + " " + firstEventTimeMs + ".." + lastEventTimeMs + " n="
                + eventCount + " " + detailsJson + "}";
    }
}
