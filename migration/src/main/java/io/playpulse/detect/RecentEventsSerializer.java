package io.playpulse.detect;

import static io.playpulse.state.VarInts.readVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import io.playpulse.detect.DenseWindowGate.RecentEvents;
import io.playpulse.events.GameEvent;
import io.playpulse.state.CompactSerializer;
import io.playpulse.state.ReplacesPojoSnapshot;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How builds from 349ba15 up to f887f90 wrote a gate's {@link RecentEvents}: the number of events,
 * which were passed as one bit each, then the events as {@link SlimActions} writes actions. Every
 * gate of those builds was given the pattern fields only (it sat after {@code
 * MacroRules.patternFields}, as the gate does now), so their events are {@link Action}s' fields,
 * which SlimActions writes as they did then and reads refusing any other. Its snapshot reads the
 * POJO-written values of the builds before too, as those builds did (on RocksDB, Flink writes those
 * again through {@link #serialize}, which keeps the pattern fields: all those values hold).
 */
public final class RecentEventsSerializer extends CompactSerializer<RecentEvents> {
    private static final long serialVersionUID = 1L;

    public static final RecentEventsSerializer INSTANCE = new RecentEventsSerializer();

    @Override
    public RecentEvents createInstance() {
        return new RecentEvents();
    }

    @Override
    public RecentEvents copy(RecentEvents from) {
        RecentEvents copy = new RecentEvents();
        copy.events = from.events.clone();
        copy.passed = from.passed.clone();
        return copy;
    }

    @Override
    protected void write(RecentEvents r, DataOutputView out) throws IOException {
        writeVarLong(r.events.length, out);
        for (int i = 0; i < r.events.length; i += Byte.SIZE) {
            int bits = 0;
            for (int j = i; j < Math.min(i + Byte.SIZE, r.events.length); j++) {
                bits |= r.passed[j] ? 1 << (j - i) : 0;
            }
            out.writeByte(bits);
        }
        Action[] actions = Arrays.stream(r.events).map(Action::of).toArray(Action[]::new);
        SlimActions.write(actions, actions.length, out);
    }

    @Override
    public RecentEvents deserialize(DataInputView in) throws IOException {
        int n = Math.toIntExact(readVarLong(in));
        RecentEvents r = new RecentEvents();
        r.passed = new boolean[n];
        for (int i = 0; i < n; i += Byte.SIZE) {
            int bits = in.readUnsignedByte();
            for (int j = i; j < Math.min(i + Byte.SIZE, n); j++) {
                r.passed[j] = (bits & 1 << (j - i)) != 0;
            }
        }
        r.events = Arrays.stream(SlimActions.read(n, in)).map(Action::toEvent).toArray(GameEvent[]::new);
        return r;
    }

    @Override
    public TypeSerializerSnapshot<RecentEvents> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends ReplacesPojoSnapshot<RecentEvents> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
