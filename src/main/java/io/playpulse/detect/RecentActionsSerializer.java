package io.playpulse.detect;

import static io.playpulse.state.VarInts.readVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import io.playpulse.state.CompactSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes {@link RecentActions}: the number of actions, one byte per action for the stretches it was
 * passed on to, then the actions as {@link SlimActions}. A gate never changes an action it holds, so
 * {@link #copy} (what the heap backend makes of a value changed while a snapshot is being written)
 * copies the arrays and shares the actions.
 */
public final class RecentActionsSerializer extends CompactSerializer<RecentActions> {
    private static final long serialVersionUID = 1L;

    public static final RecentActionsSerializer INSTANCE = new RecentActionsSerializer();

    @Override
    public RecentActions createInstance() {
        return new RecentActions();
    }

    @Override
    public RecentActions copy(RecentActions from) {
        RecentActions copy = new RecentActions();
        copy.actions = from.actions.clone();
        copy.passed = from.passed.clone();
        copy.count = from.count;
        return copy;
    }

    @Override
    protected void write(RecentActions r, DataOutputView out) throws IOException {
        writeVarLong(r.count, out);
        out.write(r.passed, 0, r.count);
        SlimActions.write(r.actions, r.count, out);
    }

    @Override
    public RecentActions deserialize(DataInputView in) throws IOException {
        int n = Math.toIntExact(readVarLong(in));
        RecentActions r = new RecentActions();
        r.passed = new byte[n];
        in.readFully(r.passed);
        r.actions = SlimActions.read(n, in);
        r.count = n;
        return r;
    }

    @Override
    public TypeSerializerSnapshot<RecentActions> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RecentActions> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
