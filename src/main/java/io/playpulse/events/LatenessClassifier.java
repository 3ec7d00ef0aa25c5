package io.playpulse.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Marks an event {@link GameEvent#late late} when it is more than the allowed lateness behind its
 * own partition's watermark (the partition's highest timestamp minus the out-of-orderness bound).
 * Late events are still stored; they are left out of every KPI and counted.
 *
 * <p>Why here and per partition: the decision depends only on the partition's own record order and
 * on state that is checkpointed, so a replay after a failure decides exactly as the first run did,
 * and every event it lets through is still accepted by the downstream windows, whose watermark is
 * never ahead of any partition's. Runs chained to the source, before any shuffle.
 */
public class LatenessClassifier extends ProcessFunction<IngestedRecord, IngestedRecord>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMs;
    private final long allowedLatenessMs;

    private transient Map<String, Long> maxTimestampByPartition;
    private transient ListState<Tuple2<String, Long>> checkpointedMaxTimestamps;
    private transient Counter lateEvents;

    public LatenessClassifier(Duration outOfOrderness, Duration allowedLateness) {
        this.outOfOrdernessMs = outOfOrderness.toMillis();
        this.allowedLatenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(IngestedRecord record, Context ctx, Collector<IngestedRecord> out) {
        GameEvent event = record.event;
        if (event != null) {
            String partition = record.sourceTopic + "-" + record.sourcePartition;
            long ts = event.timestampMs;
            Long max = maxTimestampByPartition.get(partition);
            if (max == null || ts > max) {
                maxTimestampByPartition.put(partition, ts);
            } else if (ts + outOfOrdernessMs + allowedLatenessMs < max) {
                event.late = true;
                lateEvents.inc();
            }
        }
        out.collect(record);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedMaxTimestamps.clear();
        for (Map.Entry<String, Long> e : maxTimestampByPartition.entrySet()) {
            checkpointedMaxTimestamps.add(Tuple2.of(e.getKey(), e.getValue()));
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Union state: after rescaling, whichever subtask reads a partition knows its high mark.
        checkpointedMaxTimestamps = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>(
                        "partition-max-timestamps", Types.TUPLE(Types.STRING, Types.LONG)));
        maxTimestampByPartition = new HashMap<>();
        for (Tuple2<String, Long> entry : checkpointedMaxTimestamps.get()) {
            maxTimestampByPartition.merge(entry.f0, entry.f1, Math::max);
        }
    }
}
