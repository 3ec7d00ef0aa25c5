package io.playpulse.clickhouse;

import io.playpulse.bench.SimulatedEvents;
import io.playpulse.events.GameEvent;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rows per second one thread encodes for {@code game_events} (the keyed chain's writer, one row per
 * distinct event): simulated events, a batch of them into one reused buffer, as the writer does.
 * In this package, as the writer's buffer is reset only here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GameEventRowsBenchmark {
    private static final int ROWS = 10_000;

    private final TsvRow batch = new TsvRow();
    private GameEvent[] events;

    @Setup
    public void simulate() {
        events = SimulatedEvents.valid(ROWS);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void encode(Blackhole sink) {
        batch.clear();
        for (GameEvent e : events) {
            GameEvent.TABLE.encode(batch, e);
        }
        sink.consume(batch.size());
    }
}
