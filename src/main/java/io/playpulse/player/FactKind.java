package io.playpulse.player;

/** What an {@link ActivityFact} reports. */
public enum FactKind {
    /** One on-time event, with flags saying which distinct-user cells it opened. */
    EVENT,
    /** A change of a player's presence at a minute's end: +1 online, -1 a correction. */
    PRESENCE,
    /** A change of a player's first activity of the day on a platform: +1, or a -1/+1 move. */
    DAILY
}
