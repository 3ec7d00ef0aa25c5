package io.playpulse.player;

import io.playpulse.events.EventType;

/**
 * What the per-player function tells the KPI aggregators. Small on purpose: the aggregators are
 * keyed by their own dimensions, so facts cross the network, whole events do not. A Flink POJO.
 *
 * <p>Windows place a fact by {@link #timestampMs}, not by the stream record's timestamp:
 * corrections for past minutes carry the time they correct.
 */
public class ActivityFact {
    public FactKind kind;
    public long timestampMs;
    public EventType eventType;
    public String platform;
    public String serverId;
    public String currency;
    /** The player's level, 0 when the event carried none. */
    public int level;
    /** ITEM_PURCHASE price or PAYMENT amount, minor units. */
    public long revenue;
    /** Which distinct-user cells this event was the player's first in ({@link FirstIn}). */
    public int firstIn;
    /** +1 or -1 for PRESENCE and DAILY facts; 1 for EVENT facts. */
    public int delta;
    /** DAILY facts: the player was first seen on this day. */
    public boolean newPlayer;

    public ActivityFact() {}

    public boolean isEvent() {
        return kind == FactKind.EVENT;
    }

    public boolean isMoney() {
        return kind == FactKind.EVENT && eventType.isMoney();
    }

    public boolean firstIn(int cell) {
        return (firstIn & cell) != 0;
    }

    @Override
    public String toString() {
        return kind + "@" + timestampMs + "{" + (eventType == null ? "" : eventType + " ") + platform + "/" + serverId
                + (currency == null ? "" : " " + currency + " " + revenue) + " level=" + level + " firstIn="
                + Integer.toBinaryString(firstIn) + " delta=" + delta + (newPlayer ? " new" : "") + "}";
    }
}
