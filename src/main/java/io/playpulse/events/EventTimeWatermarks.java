package io.playpulse.events;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Event-time watermarks for the source, generated per Kafka partition. */
public final class EventTimeWatermarks {
    private EventTimeWatermarks() {}

    /**
     * Bounded out-of-orderness on the events' timestamp_ms. Rejected records carry no event time:
     * they get Long.MIN_VALUE, which never advances a watermark. Idle partitions stop holding back
     * the watermark after {@code idleness}.
     */
    public static WatermarkStrategy<IngestedRecord> strategy(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<IngestedRecord> strategy = WatermarkStrategy.<IngestedRecord>forBoundedOutOfOrderness(
                        outOfOrderness)
                .withTimestampAssigner((record, kafkaTimestamp) ->
                        record.event != null ? record.event.timestampMs : Long.MIN_VALUE);
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }
}
