package io.playpulse.kpi;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Gives a KPI row its window start, then emits it. */
public class StampWindow<R extends KpiRow> extends ProcessWindowFunction<R, R, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String key, Context ctx, Iterable<R> rows, Collector<R> out) {
        R row = rows.iterator().next();
        row.windowStartMs = ctx.window().getStart();
        out.collect(row);
    }
}
