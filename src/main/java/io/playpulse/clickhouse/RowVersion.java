package io.playpulse.clickhouse;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Versions for ReplacingMergeTree rows: microseconds of wall-clock time, strictly increasing within
 * a JVM. A row emitted later (a late update, or the replay after a failure) always wins over the
 * one it replaces, even within the same millisecond.
 */
public final class RowVersion {
    private static final AtomicLong LAST = new AtomicLong();

    private RowVersion() {}

    public static long next() {
        long candidate = System.currentTimeMillis() * 1000;
        return LAST.updateAndGet(last -> Math.max(last + 1, candidate));
    }
}
