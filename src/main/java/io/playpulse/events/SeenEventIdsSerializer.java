package io.playpulse.events;

import io.playpulse.state.CompactSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link SeenEventIds} as its ids only, not its table: the sweep time, then each UUID id
 * as 24 bytes (its 128 bits and first-seen time), then each other id as its text and time. Reading
 * lays the table out anew.
 */
public final class SeenEventIdsSerializer extends CompactSerializer<SeenEventIds> {
    private static final long serialVersionUID = 1L;

    public static final SeenEventIdsSerializer INSTANCE = new SeenEventIdsSerializer();

    @Override
    public SeenEventIds createInstance() {
        return new SeenEventIds();
    }

    @Override
    public SeenEventIds copy(SeenEventIds from) {
        return from.copy();
    }

    @Override
    protected void write(SeenEventIds ids, DataOutputView out) throws IOException {
        int textIds = ids.textIds();
        out.writeLong(ids.sweepAt());
        out.writeInt(ids.size() - textIds);
        out.writeInt(textIds);
        ids.forEachUuid((high, low, firstSeen) -> {
            out.writeLong(high);
            out.writeLong(low);
            out.writeLong(firstSeen);
        });
        ids.forEachText((id, firstSeen) -> {
            StringValue.writeString(id, out);
            out.writeLong(firstSeen);
        });
    }

    @Override
    public SeenEventIds deserialize(DataInputView in) throws IOException {
        long sweepAt = in.readLong();
        int uuidIds = in.readInt();
        int textIds = in.readInt();
        SeenEventIds ids = new SeenEventIds(uuidIds + textIds);
        ids.setSweepAt(sweepAt);
        for (int i = 0; i < uuidIds; i++) {
            ids.putUuid(in.readLong(), in.readLong(), in.readLong());
        }
        for (int i = 0; i < textIds; i++) {
            ids.putText(StringValue.readString(in), in.readLong());
        }
        return ids;
    }

    @Override
    public TypeSerializerSnapshot<SeenEventIds> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format has one version so far; a restore with a different one fails rather than misreads. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeenEventIds> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
