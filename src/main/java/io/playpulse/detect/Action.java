package io.playpulse.detect;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;

/**
 * A player action as {@link DenseStretchGate} keeps it: the fields of {@link
 * MacroRules#patternFields}, all the gate is given and all it passes on. The gate holds several
 * actions of every player active in the last minutes (1.77 million in a live run at 20,000
 * events/s), and a {@link GameEvent} of these nine fields still takes the heap of all its 31: about
 * 144 bytes against 56 here.
 */
public final class Action {
    public long timestampMs;
    public long userId;
    public EventType eventType;
    public String sessionId;
    public String serverId;
    public String platform;
    public String skillId;
    public Long damage;
    public Long damageDealt;

    public Action() {}

    /** The pattern fields of {@code e}. */
    public static Action of(GameEvent e) {
        Action a = new Action();
        a.timestampMs = e.timestampMs;
        a.userId = e.userId;
        a.eventType = e.eventType;
        a.sessionId = e.sessionId;
        a.serverId = e.serverId;
        a.platform = e.platform;
        a.skillId = e.skillId;
        a.damage = e.damage;
        a.damageDealt = e.damageDealt;
        return a;
    }

    /** The event CEP is given: {@link MacroRules#patternFields} of the event this action was made of. */
    public GameEvent toEvent() {
        GameEvent e = new GameEvent();
        e.timestampMs = timestampMs;
        e.userId = userId;
        e.eventType = eventType;
        e.sessionId = sessionId;
        e.serverId = serverId;
        e.platform = platform;
        e.skillId = skillId;
        e.damage = damage;
        e.damageDealt = damageDealt;
        return e;
    }
}
