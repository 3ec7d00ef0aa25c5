package io.playpulse.kpi;

import io.playpulse.events.EventType;

/** kpi_events_per_minute: events and distinct players per minute, event type and platform. */
public class EventsPerMinute extends KpiRow {
    public EventType eventType;
    public String platform;
    public long events;
    public long users;

    public EventsPerMinute() {}

    @Override
    public void add(ActivityFact f) {
        eventType = f.eventType;
        platform = f.platform;
        events++;
        if (f.firstIn(FirstIn.MINUTE_TYPE)) {
            users++;
        }
    }
}
