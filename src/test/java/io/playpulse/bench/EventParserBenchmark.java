package io.playpulse.bench;

import io.playpulse.events.EventParser;
import io.playpulse.events.GameEvent;
import io.playpulse.events.InvalidEventException;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.SimulationSettings;
import java.time.Duration;
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

/** Records per second one thread parses and validates: the job's per-event floor cost. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventParserBenchmark {
    private static final int RECORDS = 10_000;

    private final EventParser parser = new EventParser(64 * 1024, Duration.ofDays(7), Duration.ofMinutes(5));
    private byte[][] records;
    private long now;

    @Setup
    public void simulate() {
        now = System.currentTimeMillis();
        GameSimulation simulation = new GameSimulation(SimulationSettings.defaults().withStartMs(now - 600_000));
        records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = simulation.next().value();
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseAndValidate(Blackhole sink) {
        for (byte[] record : records) {
            try {
                GameEvent e = parser.parse(record, now);
                sink.consume(e);
            } catch (InvalidEventException rejected) {
                sink.consume(rejected.reason());
            }
        }
    }
}
