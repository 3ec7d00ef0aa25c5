package io.playpulse.detect;

/** One contribution to a bucketed rule: a value (and a count) at an event time, for a key. A Flink POJO. */
public class BucketInput {
    public String key;
    public long timestampMs;
    public long value;
    public long count;

    public BucketInput() {}

    public static BucketInput of(String key, long timestampMs, long value, long count) {
        BucketInput in = new BucketInput();
        in.key = key;
        in.timestampMs = timestampMs;
        in.value = value;
        in.count = count;
        return in;
    }
}
