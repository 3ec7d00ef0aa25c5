package io.playpulse.events;

/** Small, explicit events for unit tests. */
public final class TestEvents {
    private TestEvents() {}

    public static GameEvent event(String id, EventType type, long userId, long timestampMs) {
        GameEvent e = new GameEvent();
        e.eventId = id;
        e.eventType = type;
        e.userId = userId;
        e.sessionId = "s-" + userId;
        e.timestampMs = timestampMs;
        e.serverId = "kr-1";
        e.platform = "iOS";
        e.clientVersion = "2.0.0";
        e.properties = "{}";
        return e;
    }
}
