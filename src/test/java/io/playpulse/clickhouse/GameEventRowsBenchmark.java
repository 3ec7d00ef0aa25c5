package io.playpulse.clickhouse;

import io.playpulse.events.EventParser;
import io.playpulse.events.GameEvent;
import io.playpulse.events.InvalidEventException;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.SimulationSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        long now = System.currentTimeMillis();
        EventParser parser = new EventParser(64 * 1024, Duration.ofDays(7), Duration.ofMinutes(5));
        GameSimulation simulation = new GameSimulation(SimulationSettings.defaults().withStartMs(now - 600_000));
        List<GameEvent> valid = new ArrayList<>();
        while (valid.size() < ROWS) {
            try {
                valid.add(parser.parse(simulation.next().value(), now));
            } catch (InvalidEventException rejected) {
                // the simulation's malformed records are not rows
            }
        }
        events = valid.toArray(new GameEvent[0]);
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
