package io.playpulse.detect;

import java.util.Arrays;

/** The closed buckets a rule compares with, most recent last. A Flink POJO. */
public class BucketHistory {
    public long lastClosedStart = Long.MIN_VALUE;
    public long[] values = new long[0];
    public long[] counts = new long[0];

    public BucketHistory() {}

    /**
     * Adds a closed bucket, keeping the last {@code keep}. A history of nothing but zeros is dropped:
     * a key that was quiet for the whole baseline starts over, as a new key would.
     */
    void push(long value, long count, int keep) {
        int n = Math.min(values.length + 1, keep);
        long[] v = new long[n];
        long[] c = new long[n];
        int from = values.length + 1 - n;
        for (int i = from; i < values.length; i++) {
            v[i - from] = values[i];
            c[i - from] = counts[i];
        }
        v[n - 1] = value;
        c[n - 1] = count;
        values = v;
        counts = c;
        if (allZero()) {
            values = new long[0];
            counts = new long[0];
        }
    }

    int size() {
        return values.length;
    }

    double meanValue() {
        return values.length == 0 ? 0 : Arrays.stream(values).average().orElse(0);
    }

    double meanCount() {
        return counts.length == 0 ? 0 : Arrays.stream(counts).average().orElse(0);
    }

    boolean allZero() {
        return Arrays.stream(values).allMatch(v -> v == 0) && Arrays.stream(counts).allMatch(c -> c == 0);
    }

    long last() {
        return values[values.length - 1];
    }
}
