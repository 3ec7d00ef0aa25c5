package io.playpulse.kpi;

import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.events.EventType;

/** kpi_events_per_minute: events and distinct players per minute, event type and platform. */
public class EventsPerMinute {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<EventsPerMinute> TABLE = ClickHouseTable.<EventsPerMinute>named("kpi_events_per_minute")
            .dateTime("minute", row -> row.windowStartMs)
            .string("event_type", row -> row.eventType.name())
            .string("platform", row -> row.platform)
            .int64("events", row -> row.events)
            .int64("users", row -> row.users)
            .versioned();

    public long windowStartMs;
    public EventType eventType;
    public String platform;
    public long events;
    public long users;

    public EventsPerMinute() {}
}
