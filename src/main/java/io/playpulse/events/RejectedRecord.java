package io.playpulse.events;

import io.playpulse.clickhouse.ClickHouseTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A record that failed parsing or validation, with everything needed to find, understand and
 * replay it: the original bytes and key, the reason and its source coordinates. A Flink POJO.
 */
public class RejectedRecord {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<RejectedRecord> TABLE = ClickHouseTable.<RejectedRecord>named("rejected_events")
            .string("source_topic", r -> r.sourceTopic)
            .int64("source_partition", r -> (long) r.sourcePartition)
            .int64("source_offset", r -> r.sourceOffset)
            .string("reason", r -> r.reason.name())
            .string("detail", r -> r.detail)
            .string("record_key", r -> r.key == null ? null : new String(r.key, StandardCharsets.UTF_8))
            .string("payload", r -> storedPayload(r.payload))
            .int64("payload_bytes", r -> (long) r.payload.length)
            .int64("kafka_time_ms", r -> r.kafkaTimestampMs)
            .dateTime("rejected_at", r -> r.rejectedAtMs)
            .versioned();

    /** rejected_events keeps this much of an oversized payload; the DLQ topic keeps all of it. */
    static final int MAX_STORED_PAYLOAD_BYTES = 64 * 1024;

    public RejectReason reason;
    public String detail;
    public byte[] key;
    public byte[] payload;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    /** The Kafka record's timestamp (producer or broker time). */
    public long kafkaTimestampMs;
    public long rejectedAtMs;

    public RejectedRecord() {}

    @Override
    public String toString() {
        return "Rejected{" + reason + ": " + detail + " at " + sourceTopic + "-" + sourcePartition + "@" + sourceOffset
                + "}";
    }

    private static String storedPayload(byte[] payload) {
        byte[] kept = payload.length <= MAX_STORED_PAYLOAD_BYTES
                ? payload
                : Arrays.copyOf(payload, MAX_STORED_PAYLOAD_BYTES);
        return new String(kept, StandardCharsets.UTF_8);
    }
}
