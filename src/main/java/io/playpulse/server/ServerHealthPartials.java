package io.playpulse.server;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.operators.FlushBeforeWatermark;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Adds the on-time events up per server and minute in the subtask that has them, so only one
 * {@link ServerHealthPartial} per server and minute crosses to {@link ServerHealthWindow} between
 * two watermarks, not every event.
 */
public class ServerHealthPartials extends FlushBeforeWatermark<GameEvent, ServerHealthPartial> {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE_MS = ServerHealthWindow.MINUTE_MS;

    private transient Map<Cell, Counts> partials;

    private record Cell(long minuteStartMs, String serverId) {}

    private static final class Counts {
        long events;
        long errors;
        final Map<Long, Long> perBucket = new HashMap<>();
    }

    @Override
    public void open() throws Exception {
        super.open();
        partials = new LinkedHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<GameEvent> element) {
        GameEvent e = element.getValue();
        Cell cell = new Cell(Math.floorDiv(e.timestampMs, MINUTE_MS) * MINUTE_MS, e.serverId);
        Counts counts = partials.computeIfAbsent(cell, c -> new Counts());
        counts.events++;
        if (e.eventType == EventType.ERROR_OCCURRED) {
            counts.errors++;
        }
        if (e.responseTimeMs != null && !e.responseTimeMs.isNaN()) {
            counts.perBucket.merge(ResponseTimeSketch.bucket(e.responseTimeMs), 1L, Long::sum);
        }
    }

    @Override
    protected void flush() {
        for (Map.Entry<Cell, Counts> entry : partials.entrySet()) {
            Cell cell = entry.getKey();
            Counts counts = entry.getValue();
            ServerHealthPartial p = new ServerHealthPartial();
            p.serverId = cell.serverId;
            p.minuteStartMs = cell.minuteStartMs;
            p.events = counts.events;
            p.errors = counts.errors;
            p.buckets = new long[counts.perBucket.size()];
            p.bucketCounts = new long[p.buckets.length];
            int i = 0;
            for (Map.Entry<Long, Long> bucket : counts.perBucket.entrySet()) {
                p.buckets[i] = bucket.getKey();
                p.bucketCounts[i++] = bucket.getValue();
            }
            output.collect(new StreamRecord<>(p, cell.minuteStartMs + MINUTE_MS - 1));
        }
        partials.clear();
    }
}
