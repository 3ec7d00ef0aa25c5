package io.playpulse.detect;

import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A rule over fixed event-time buckets per key (a server, a currency, everything). Each bucket is
 * judged once, when the watermark has passed its end by the allowed lateness: by then every event
 * that can still count has arrived, so the verdict is final and a replay reaches the same one. Empty
 * buckets count as zero, so a baseline sees quiet periods too; a key quiet for its whole baseline
 * starts over.
 */
public abstract class BucketedRule extends KeyedProcessFunction<String, BucketInput, Alert> {
    private static final long serialVersionUID = 1L;

    protected final String rule;
    protected final long bucketMs;
    private final long latenessMs;
    private final int keep;

    private transient MapState<Long, long[]> open;
    private transient ValueState<BucketHistory> history;

    protected BucketedRule(String rule, Duration bucket, Duration allowedLateness, int historyBuckets) {
        this.rule = rule;
        this.bucketMs = bucket.toMillis();
        this.latenessMs = allowedLateness.toMillis();
        this.keep = Math.max(1, historyBuckets);
    }

    /** The verdict on one closed bucket: an alert, or null. {@code past} holds the buckets before it. */
    protected abstract Alert judge(String key, long bucketStart, long value, long count, BucketHistory past);

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "open-buckets", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        history = getRuntimeContext().getState(
                new ValueStateDescriptor<>("history", TypeInformation.of(BucketHistory.class)));
    }

    @Override
    public void processElement(BucketInput in, Context ctx, Collector<Alert> out) throws Exception {
        long bucket = Math.floorDiv(in.timestampMs, bucketMs) * bucketMs;
        BucketHistory past = history.value();
        if (past != null && bucket <= past.lastClosedStart) {
            return; // judged already; accepted events never get here (the lateness has passed)
        }
        long[] acc = open.get(bucket);
        if (acc == null) {
            acc = new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE};
        }
        acc[0] += in.value;
        acc[1] += in.count;
        acc[2] = Math.min(acc[2], in.timestampMs);
        acc[3] = Math.max(acc[3], in.timestampMs);
        open.put(bucket, acc);
        ctx.timerService().registerEventTimeTimer(judgeTime(bucket));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long closeUpTo = timestamp + 1 - latenessMs - bucketMs;
        BucketHistory past = history.value();
        if (past == null) {
            past = new BucketHistory();
        }
        long next = past.lastClosedStart == Long.MIN_VALUE ? firstOpenBucket() : past.lastClosedStart + bucketMs;
        for (long bucket = next; bucket <= closeUpTo; bucket += bucketMs) {
            long[] acc = open.get(bucket);
            long value = acc == null ? 0 : acc[0];
            long count = acc == null ? 0 : acc[1];
            Alert alert = judge(ctx.getCurrentKey(), bucket, value, count, past);
            if (alert != null) {
                if (acc != null) {
                    alert.firstEventTimeMs = acc[2];
                    alert.lastEventTimeMs = acc[3];
                }
                out.collect(alert);
            }
            open.remove(bucket);
            past.push(value, count, keep);
            past.lastClosedStart = bucket;
        }
        if (past.size() == 0 && open.isEmpty()) {
            history.clear();
        } else {
            history.update(past);
            // Keep judging, empty buckets included, while the history still holds activity.
            ctx.timerService().registerEventTimeTimer(judgeTime(past.lastClosedStart + bucketMs));
        }
    }

    private long firstOpenBucket() throws Exception {
        long first = Long.MAX_VALUE;
        for (Long bucket : open.keys()) {
            first = Math.min(first, bucket);
        }
        return first;
    }

    private long judgeTime(long bucketStart) {
        return bucketStart + bucketMs - 1 + latenessMs;
    }

    /** An alert for a bucket, keyed by rule and key; the caller fills title, summary and details. */
    protected Alert alert(String key, long bucketStart, long eventCount, Map<String, ?> details) {
        Alert a = Alert.of(rule, key + "|" + bucketStart, rule + "|" + key);
        a.windowStartMs = bucketStart;
        a.windowEndMs = bucketStart + bucketMs;
        a.firstEventTimeMs = bucketStart;
        a.lastEventTimeMs = bucketStart + bucketMs - 1;
        a.eventCount = eventCount;
        a.detailsJson = AlertJson.details(details);
        return a;
    }
}
