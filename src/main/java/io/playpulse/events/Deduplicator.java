package io.playpulse.events;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by player: passes the first copy of each event_id and drops client retries seen within the
 * horizon. A retry is the same event_id from the same player, so the job shuffles events once, by
 * player, for de-duplication and everything after it. Each remembered id expires with state TTL:
 * state holds the ids of the last horizon and no more.
 */
public class Deduplicator extends KeyedProcessFunction<Long, GameEvent, GameEvent> {
    private static final long serialVersionUID = 1L;

    private final Duration horizon;
    private transient MapState<String, Boolean> seen;
    private transient Counter duplicates;

    public Deduplicator(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Boolean> descriptor = new MapStateDescriptor<>("seen-event-ids", Types.STRING,
                Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(horizon)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getMapState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(GameEvent event, Context ctx, Collector<GameEvent> out) throws Exception {
        if (seen.contains(event.eventId)) {
            duplicates.inc();
            return;
        }
        seen.put(event.eventId, Boolean.TRUE);
        out.collect(event);
    }
}
