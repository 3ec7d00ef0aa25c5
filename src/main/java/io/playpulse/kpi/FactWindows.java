package io.playpulse.kpi;

import java.time.Duration;
import java.util.Collection;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.assigners.WindowStagger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/** Tumbling event-time windows (epoch-aligned, UTC) that place a fact by its own {@link ActivityFact#timestampMs}. */
public class FactWindows extends TumblingEventTimeWindows {
    private static final long serialVersionUID = 1L;

    protected FactWindows(long sizeMs) {
        super(sizeMs, 0, WindowStagger.ALIGNED);
    }

    public static FactWindows of(Duration size) {
        return new FactWindows(size.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssigner.WindowAssignerContext context) {
        return super.assignWindows(element, ((ActivityFact) element).timestampMs, context);
    }
}
