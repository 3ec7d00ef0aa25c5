package io.playpulse.server;

import java.util.Map;
import java.util.SortedMap;

/**
 * A mergeable sketch of response times: counts per bucket, where a bucket is the value rounded up
 * to three significant digits (1 ms up to 1 s, 10 ms up to 10 s, 100 ms up to 100 s, then whole
 * seconds, capped at 10^9 ms). Quantiles come out within 1% above 100 ms and within 1 ms below it.
 * sql/queries/kpi_server_health_minute.sql writes the same rounding in SQL, so its quantileExact
 * over the buckets reproduces the job's figure exactly.
 */
public final class ResponseTimeSketch {
    static final long MAX_BUCKET = 1_000_000_000L;

    private ResponseTimeSketch() {}

    /** The bucket of a response time, in ms; zero and negative times share bucket 0. */
    public static long bucket(double ms) {
        if (!(ms > 0)) {
            return 0;
        }
        if (ms <= 1_000) {
            return (long) Math.ceil(ms);
        }
        if (ms <= 10_000) {
            return (long) (Math.ceil(ms / 10) * 10);
        }
        if (ms <= 100_000) {
            return (long) (Math.ceil(ms / 100) * 100);
        }
        return (long) Math.min(Math.ceil(ms / 1000) * 1000, MAX_BUCKET);
    }

    /**
     * The level-quantile of the counted values, as ClickHouse's quantileExact picks it: the value at
     * 0-based rank floor(level * n) in sorted order. Zero when nothing was counted.
     */
    public static long quantile(SortedMap<Long, Long> countsByBucket, double level) {
        long n = countsByBucket.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return 0;
        }
        long rank = Math.min((long) (level * n), n - 1);
        long seen = 0;
        for (Map.Entry<Long, Long> bucket : countsByBucket.entrySet()) {
            seen += bucket.getValue();
            if (seen > rank) {
                return bucket.getKey();
            }
        }
        throw new IllegalStateException("unreachable: rank " + rank + " of " + n);
    }
}
