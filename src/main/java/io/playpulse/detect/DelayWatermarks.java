package io.playpulse.detect;

import java.time.Duration;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes records on and holds the watermark back by a fixed delay. CEP drops events behind its
 * watermark: held back by the allowed lateness, the events that are late but within it still
 * match; held back by a pattern's window more than the gate in front holds it, the events the gate
 * passes late in that window do. Chained: it keeps the stream's partitioning (and so its keys).
 */
public class DelayWatermarks<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private final long delayMs;

    public DelayWatermarks(Duration delay) {
        this.delayMs = delay.toMillis();
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        long ts = mark.getTimestamp();
        output.emitWatermark(ts == Long.MAX_VALUE || ts == Long.MIN_VALUE ? mark : new Watermark(ts - delayMs));
    }
}
