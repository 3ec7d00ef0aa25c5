package io.playpulse.server;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by server: per event-time minute, events, errors and a {@link ResponseTimeSketch} of
 * response times, added up from the subtasks' {@link ServerHealthPartial}s. Emitted as a {@link
 * ServerHealthMinute} when the watermark passes the minute's end and again for every partial that
 * arrives later within the allowed lateness, like the other KPI windows. The sketch's buckets are
 * map entries, so a partial costs a few small state updates, not a rewrite of the minute's whole
 * sketch.
 */
public class ServerHealthWindow extends KeyedProcessFunction<String, ServerHealthPartial, ServerHealthMinute> {
    private static final long serialVersionUID = 1L;
    static final long MINUTE_MS = 60_000L;
    static final double P95 = 0.95;

    private final long latenessMs;

    /** Minute start -> {events, errors, responses}. */
    private transient MapState<Long, long[]> minutes;
    /** (minute index << 32 | bucket) -> values in that bucket. */
    private transient MapState<Long, Long> buckets;

    public ServerHealthWindow(Duration allowedLateness) {
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "minutes", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("response-buckets", Types.LONG, Types.LONG));
    }

    @Override
    public void processElement(ServerHealthPartial p, Context ctx, Collector<ServerHealthMinute> out)
            throws Exception {
        long minute = p.minuteStartMs;
        long end = minute + MINUTE_MS - 1;
        long watermark = ctx.timerService().currentWatermark();
        if (end + latenessMs <= watermark) {
            return; // past the allowed lateness: the minute is closed (upstream marks such events late)
        }
        long[] counts = minutes.get(minute);
        if (counts == null) {
            counts = new long[3];
            ctx.timerService().registerEventTimeTimer(end + latenessMs);
        }
        if (end > watermark) {
            // Also for a minute already emitted: after a restore the watermark starts again from
            // nothing, and a replayed correction is emitted when it passes the minute's end again.
            ctx.timerService().registerEventTimeTimer(end);
        }
        counts[0] += p.events;
        counts[1] += p.errors;
        for (int i = 0; i < p.buckets.length; i++) {
            counts[2] += p.bucketCounts[i];
            long key = packed(minute, p.buckets[i]);
            Long seen = buckets.get(key);
            buckets.put(key, seen == null ? p.bucketCounts[i] : seen + p.bucketCounts[i]);
        }
        minutes.put(minute, counts);
        if (end <= watermark) {
            out.collect(row(ctx.getCurrentKey(), minute, counts)); // late events correct the emitted row
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ServerHealthMinute> out) throws Exception {
        long emitting = timestamp + 1 - MINUTE_MS;
        long[] counts = minutes.get(emitting);
        if (counts != null) {
            out.collect(row(ctx.getCurrentKey(), emitting, counts));
        }
        long closing = emitting - latenessMs;
        if (minutes.contains(closing)) {
            minutes.remove(closing);
            for (long bucket : sketchOf(closing).keySet()) {
                buckets.remove(packed(closing, bucket));
            }
        }
    }

    private ServerHealthMinute row(String server, long minute, long[] counts) throws Exception {
        ServerHealthMinute row = new ServerHealthMinute();
        row.windowStartMs = minute;
        row.serverId = server;
        row.events = counts[0];
        row.errorEvents = counts[1];
        row.errorRate = (double) counts[1] / counts[0];
        row.responses = counts[2];
        row.p95ResponseMs = ResponseTimeSketch.quantile(sketchOf(minute), P95);
        return row;
    }

    /** The minute's response-time buckets and their counts. */
    private SortedMap<Long, Long> sketchOf(long minute) throws Exception {
        SortedMap<Long, Long> sketch = new TreeMap<>();
        for (Map.Entry<Long, Long> e : buckets.entries()) {
            if (e.getKey() >>> 32 == minute / MINUTE_MS) {
                sketch.put(e.getKey() & 0xFFFF_FFFFL, e.getValue());
            }
        }
        return sketch;
    }

    private static long packed(long minute, long bucket) {
        return (minute / MINUTE_MS) << 32 | bucket;
    }
}
