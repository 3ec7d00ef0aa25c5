package io.playpulse.kpi;

import io.playpulse.events.EventType;

/** kpi_events_per_minute: events and distinct players per minute, event type and platform. */
public class EventsPerMinute {
    public long windowStartMs;
    public EventType eventType;
    public String platform;
    public long events;
    public long users;

    public EventsPerMinute() {}
}
