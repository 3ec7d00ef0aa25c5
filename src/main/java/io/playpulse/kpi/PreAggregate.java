package io.playpulse.kpi;

import io.playpulse.operators.FlushBeforeWatermark;
import io.playpulse.player.ActivityFact;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Adds one KPI's facts into partial rows per window and key ({@link FlushBeforeWatermark}), and
 * sends each partial on keyed by the window's key. The window behind the shuffle then merges a few
 * partials instead of taking every fact. Late facts are merged too, so a window re-emits its
 * corrected row once per watermark rather than once per late fact.
 */
public class PreAggregate<R extends KpiRow> extends FlushBeforeWatermark<ActivityFact, Tuple2<String, R>> {
    private static final long serialVersionUID = 1L;

    private final FilterFunction<ActivityFact> which;
    private final KeySelector<ActivityFact, String> key;
    private final long sizeMs;
    private final SerializableSupplier<R> newRow;

    private transient Map<Cell, R> partials;

    private record Cell(long windowStartMs, String key) {}

    /**
     * @param which the facts this KPI counts
     * @param key the window's key of a fact
     * @param size the window's size (tumbling, epoch-aligned)
     * @param newRow an empty row
     */
    public PreAggregate(FilterFunction<ActivityFact> which, KeySelector<ActivityFact, String> key, Duration size,
            SerializableSupplier<R> newRow) {
        this.which = which;
        this.key = key;
        this.sizeMs = size.toMillis();
        this.newRow = newRow;
    }

    @Override
    public void open() throws Exception {
        super.open();
        partials = new LinkedHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<ActivityFact> element) throws Exception {
        ActivityFact fact = element.getValue();
        if (!which.filter(fact)) {
            return;
        }
        long windowStart = Math.floorDiv(fact.timestampMs, sizeMs) * sizeMs;
        Cell cell = new Cell(windowStart, key.getKey(fact));
        R row = partials.get(cell);
        if (row == null) {
            row = newRow.get();
            row.windowStartMs = windowStart;
            partials.put(cell, row);
        }
        row.add(fact);
    }

    @Override
    protected void flush() {
        for (Map.Entry<Cell, R> partial : partials.entrySet()) {
            Cell cell = partial.getKey();
            output.collect(new StreamRecord<>(Tuple2.of(cell.key, partial.getValue()), cell.windowStartMs + sizeMs - 1));
        }
        partials.clear();
    }
}
