package io.playpulse.bench;

import io.playpulse.events.GameEvent;
import io.playpulse.events.GameEventSerializer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An event sent from the source's chain to de-duplication, the job's one shuffle of whole events:
 * written by one thread and read by another, here one after the other, per event. The events are
 * the simulation's records as the parser makes them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventSerializerBenchmark {
    private static final int EVENTS = 10_000;

    @Param({"pojo", "playpulse"})
    public String format;

    private GameEvent[] events;
    private TypeSerializer<GameEvent> serializer;
    private final DataOutputSerializer out = new DataOutputSerializer(8 << 20);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void events() {
        events = SimulatedEvents.valid(EVENTS);
        serializer = format.equals("pojo")
                ? TypeInformation.of(GameEvent.class).createSerializer(new SerializerConfigImpl())
                : new GameEventSerializer();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void writeThenRead(Blackhole sink) throws IOException {
        out.clear();
        for (GameEvent e : events) {
            serializer.serialize(e, out);
        }
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        for (int i = 0; i < EVENTS; i++) {
            sink.consume(serializer.deserialize(in));
        }
    }
}
