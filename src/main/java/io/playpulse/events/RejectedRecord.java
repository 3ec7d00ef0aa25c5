package io.playpulse.events;

/**
 * A record that failed parsing or validation, with everything needed to find, understand and
 * replay it: the original bytes and key, the reason and its source coordinates. A Flink POJO.
 */
public class RejectedRecord {
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
}
