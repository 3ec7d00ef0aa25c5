package io.playpulse.events;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends valid events on and rejected records to the {@link #REJECTED} side output (the dead letter). */
public class RejectRouter extends ProcessFunction<IngestedRecord, GameEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected") {};

    @Override
    public void processElement(IngestedRecord record, Context ctx, Collector<GameEvent> out) {
        if (record.event != null) {
            out.collect(record.event);
        } else {
            ctx.output(REJECTED, record.rejected);
        }
    }
}
