package io.playpulse.events;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends valid events on and rejected records to the {@link #REJECTED} side output (the dead letter).
 * Counts every record that came in ({@code eventsIn}) and the dead letters per reason
 * ({@code deadLetters}, in a group {@code reason}: a label in Prometheus).
 */
public class RejectRouter extends ProcessFunction<IngestedRecord, GameEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected") {};
    public static final String EVENTS_IN = "eventsIn";
    public static final String DEAD_LETTERS = "deadLetters";
    public static final String REASON = "reason";

    private transient Counter eventsIn;
    private transient Map<RejectReason, Counter> deadLetters;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsIn = metrics.counter(EVENTS_IN);
        deadLetters = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            deadLetters.put(reason, metrics.addGroup(REASON, reason.name()).counter(DEAD_LETTERS));
        }
    }

    @Override
    public void processElement(IngestedRecord record, Context ctx, Collector<GameEvent> out) {
        eventsIn.inc();
        if (record.event != null) {
            out.collect(record.event);
        } else {
            deadLetters.get(record.rejected.reason).inc();
            ctx.output(REJECTED, record.rejected);
        }
    }
}
