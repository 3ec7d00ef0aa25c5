package io.playpulse.bench;

import io.playpulse.events.SeenEventIds;
import io.playpulse.events.SeenEventIdsSerializer;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The de-duplicator's step per event on one player's ids, an hour of them (600 UUIDs, one in fifty
 * sent twice): asked as two questions (when was it first seen, then remember it) against the one
 * step the de-duplicator takes ({@link SeenEventIds#rememberUnlessSeenAfter}); and that step on a
 * value copied first, as the heap backend copies each value an event changes while a checkpoint's
 * snapshot runs (at 20,000 events/s, half the time or more). Each invocation starts from an empty
 * table, so all include the table's growth alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SeenEventIdsBenchmark {
    private static final int EVENTS = 600;
    private static final long HORIZON_MS = 3_600_000;
    private static final long EVENT_EVERY_MS = 6_000;

    private String[] ids;

    @Setup
    public void events() {
        Random random = new Random(42);
        ids = new String[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            boolean retry = i > 0 && random.nextInt(50) == 0;
            ids[i] = retry ? ids[random.nextInt(i)] : new UUID(random.nextLong(), random.nextLong()).toString();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public SeenEventIds lookUpThenRemember() {
        SeenEventIds seen = new SeenEventIds();
        long now = 0;
        for (String id : ids) {
            now += EVENT_EVERY_MS;
            long seenAt = seen.firstSeen(id);
            if (seenAt == SeenEventIds.NONE || now - seenAt >= HORIZON_MS) {
                seen.put(id, now);
            }
        }
        return seen;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public SeenEventIds rememberUnlessSeen() {
        SeenEventIds seen = new SeenEventIds();
        long now = 0;
        for (String id : ids) {
            now += EVENT_EVERY_MS;
            seen.rememberUnlessSeenAfter(id, now - HORIZON_MS, now);
        }
        return seen;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public SeenEventIds copyThenRemember() {
        SeenEventIds seen = new SeenEventIds();
        long now = 0;
        for (String id : ids) {
            now += EVENT_EVERY_MS;
            seen = SeenEventIdsSerializer.INSTANCE.copy(seen);
            seen.rememberUnlessSeenAfter(id, now - HORIZON_MS, now);
        }
        return seen;
    }
}
