package io.playpulse.kpi;

import java.time.Duration;
import java.util.Collection;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.assigners.WindowStagger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows (epoch-aligned, UTC) that place a partial row by its own {@link
 * KpiRow#windowStartMs}, not by the stream record's timestamp: corrections for past windows carry
 * the window they correct.
 */
public class PartialWindows extends TumblingEventTimeWindows {
    private static final long serialVersionUID = 1L;

    protected PartialWindows(long sizeMs) {
        super(sizeMs, 0, WindowStagger.ALIGNED);
    }

    public static PartialWindows of(Duration size) {
        return new PartialWindows(size.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssigner.WindowAssignerContext context) {
        return super.assignWindows(element, ((Tuple2<?, ? extends KpiRow>) element).f1.windowStartMs, context);
    }
}
