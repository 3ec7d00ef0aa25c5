package io.playpulse.events;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by event_id: passes the first copy of each event and drops client retries seen within the
 * horizon. The marker expires with state TTL, so state holds one entry per event of the last
 * horizon and no more.
 */
public class Deduplicator extends KeyedProcessFunction<String, GameEvent, GameEvent> {
    private static final long serialVersionUID = 1L;

    private final Duration horizon;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public Deduplicator(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(horizon)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(GameEvent event, Context ctx, Collector<GameEvent> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(event);
    }
}
