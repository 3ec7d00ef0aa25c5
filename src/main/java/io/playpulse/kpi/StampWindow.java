package io.playpulse.kpi;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Gives a KPI row its window start, then emits it. */
public class StampWindow extends ProcessWindowFunction<EventsPerMinute, EventsPerMinute, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String key, Context ctx, Iterable<EventsPerMinute> rows, Collector<EventsPerMinute> out) {
        EventsPerMinute row = rows.iterator().next();
        row.windowStartMs = ctx.window().getStart();
        out.collect(row);
    }
}
