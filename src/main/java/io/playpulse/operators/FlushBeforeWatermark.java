package io.playpulse.operators;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The local half of a two-phase aggregation: a subtask adds its inputs into partials and sends them
 * on just before the next watermark, a change of idleness, a checkpoint barrier or the end of input.
 * Every input thus reaches the aggregation behind the shuffle before the watermark that follows it
 * here, as it did when inputs were sent one by one, so on time and late are judged exactly as
 * before. Flushing before each barrier leaves no state here.
 */
public abstract class FlushBeforeWatermark<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** Sends every partial on and forgets it. */
    protected abstract void flush();

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        flush();
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }
}
