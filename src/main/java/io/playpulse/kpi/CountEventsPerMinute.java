package io.playpulse.kpi;

import io.playpulse.events.GameEvent;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts a window's events; the accumulator is the output row, so the dimensions come along. */
public class CountEventsPerMinute implements AggregateFunction<GameEvent, EventsPerMinute, EventsPerMinute> {
    private static final long serialVersionUID = 1L;

    @Override
    public EventsPerMinute createAccumulator() {
        return new EventsPerMinute();
    }

    @Override
    public EventsPerMinute add(GameEvent event, EventsPerMinute row) {
        row.eventType = event.eventType;
        row.platform = event.platform;
        row.events++;
        return row;
    }

    @Override
    public EventsPerMinute getResult(EventsPerMinute row) {
        return row;
    }

    @Override
    public EventsPerMinute merge(EventsPerMinute a, EventsPerMinute b) {
        a.events += b.events;
        return a;
    }
}
