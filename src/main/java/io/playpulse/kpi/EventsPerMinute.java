package io.playpulse.kpi;

import io.playpulse.events.EventType;

/** One row of kpi_events_per_minute: how many events of a type a platform sent in one minute. */
public class EventsPerMinute {
    public long windowStartMs;
    public EventType eventType;
    public String platform;
    public long events;

    public EventsPerMinute() {}

    @Override
    public String toString() {
        return "EventsPerMinute{" + windowStartMs + " " + eventType + "/" + platform + " events=" + events + "}";
    }
}
