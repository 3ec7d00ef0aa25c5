package io.playpulse.player;

import io.playpulse.events.EventType;
import java.util.EnumSet;
import java.util.Set;

/**
 * The distinct-user cells a player's event can open, as bits of {@link ActivityFact#firstIn}.
 * A KPI counts distinct players by counting the events that opened its cell: exact, and the
 * aggregators never hold user ids.
 */
public final class FirstIn {
    /** (minute, platform) */
    public static final int MINUTE = 1;
    /** (minute, event type, platform) */
    public static final int MINUTE_TYPE = 1 << 1;
    /** (minute, platform), logins only */
    public static final int MINUTE_LOGIN = 1 << 2;
    /** (minute, platform), logouts only */
    public static final int MINUTE_LOGOUT = 1 << 3;
    /** (hour, platform) */
    public static final int HOUR = 1 << 4;
    /** (5 minutes, currency), paying events only */
    public static final int PAYER_5_MINUTES = 1 << 5;
    /** (hour, currency), paying events only */
    public static final int PAYER_HOUR = 1 << 6;
    /** (day, currency), paying events only */
    public static final int PAYER_DAY = 1 << 7;
    /** (10 minutes, event type, level), {@link #GAMEPLAY_TYPES} only */
    public static final int GAMEPLAY_10_MINUTES = 1 << 8;

    /** The event types that describe gameplay progress. */
    public static final Set<EventType> GAMEPLAY_TYPES =
            EnumSet.of(EventType.LEVEL_UP, EventType.SKILL_USE, EventType.PLAYER_DEATH, EventType.QUEST_COMPLETE);

    private FirstIn() {}
}
