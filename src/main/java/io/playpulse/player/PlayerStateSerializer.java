package io.playpulse.player;

import static io.playpulse.state.VarInts.readSignedVarLong;
import static io.playpulse.state.VarInts.readVarInt;
import static io.playpulse.state.VarInts.writeSignedVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import io.playpulse.state.CompactSerializer;
import io.playpulse.state.ReplacesPojoSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link PlayerState} field by field and copies it cheaply. Flink's POJO serializer
 * writes each nested presence point and mark with its own null flags and class tag; here a point
 * is its time (a delta from the one before), its logout flag and its two strings. The cell names
 * are written whole: cut into shared tokens they took less than half the bytes but two to three
 * times as long to write (docs/performance.md), and a RocksDB backend writes the value with every
 * event.
 *
 * <p>{@link #copy} is what the heap backend makes of a value read while a snapshot is being
 * written. The player function replaces points and marks but never changes one, so the copy
 * clones the arrays and shares them. Savepoints from before this serializer hold the state as a
 * POJO: Flink reads them with that serializer and writes them on with this one.
 */
public final class PlayerStateSerializer extends CompactSerializer<PlayerState> {
    private static final long serialVersionUID = 1L;

    public static final PlayerStateSerializer INSTANCE = new PlayerStateSerializer();

    // Bits of the value's first byte.
    private static final int HAS_PRESENCE = 1;
    private static final int HAS_BASE = 1 << 1;

    @Override
    public PlayerState createInstance() {
        return new PlayerState();
    }

    @Override
    public PlayerState copy(PlayerState from) {
        PlayerState copy = new PlayerState();
        if (from.presence != null) {
            PresenceTimeline presence = new PresenceTimeline();
            presence.base = from.presence.base;
            presence.minutes = from.presence.minutes.clone();
            presence.sent = from.presence.sent.clone();
            presence.settledEnd = from.presence.settledEnd;
            copy.presence = presence;
        }
        copy.cells = from.cells.clone();
        copy.cellEnds = from.cellEnds.clone();
        copy.dailyKeys = from.dailyKeys.clone();
        copy.dailyFirstMinutes = from.dailyFirstMinutes.clone();
        copy.dailyNew = from.dailyNew.clone();
        copy.tickEnd = from.tickEnd;
        copy.wakeAt = from.wakeAt;
        return copy;
    }

    @Override
    public void serialize(PlayerState s, DataOutputView out) throws IOException {
        PresenceTimeline presence = s.presence;
        out.writeByte((presence != null ? HAS_PRESENCE : 0) | (presence != null && presence.base != null ? HAS_BASE : 0));
        out.writeLong(s.tickEnd);
        out.writeLong(s.wakeAt);
        writeVarLong(s.cells.length, out);
        long previous = 0;
        for (int i = 0; i < s.cells.length; i++) {
            StringValue.writeString(s.cells[i], out);
            writeSignedVarLong(s.cellEnds[i] - previous, out);
            previous = s.cellEnds[i];
        }
        writeVarLong(s.dailyKeys.length, out);
        for (int i = 0; i < s.dailyKeys.length; i++) {
            StringValue.writeString(s.dailyKeys[i], out);
            writeSignedVarLong(s.dailyFirstMinutes[i] - previous, out);
            previous = s.dailyFirstMinutes[i];
            out.writeBoolean(s.dailyNew[i]);
        }
        if (presence != null) {
            out.writeLong(presence.settledEnd);
            if (presence.base != null) {
                previous = writePoint(presence.base, previous, out);
            }
            writeVarLong(presence.minutes.length, out);
            for (PresencePoint p : presence.minutes) {
                previous = writePoint(p, previous, out);
            }
            writeVarLong(presence.sent.length, out);
            for (PresenceMark m : presence.sent) {
                writeSignedVarLong(m.minuteEnd - previous, out);
                previous = m.minuteEnd;
                StringValue.writeString(m.serverId, out);
                StringValue.writeString(m.platform, out);
            }
        }
    }

    private static long writePoint(PresencePoint p, long previous, DataOutputView out) throws IOException {
        writeSignedVarLong(p.ts - previous, out);
        out.writeBoolean(p.logout);
        StringValue.writeString(p.serverId, out);
        StringValue.writeString(p.platform, out);
        return p.ts;
    }

    @Override
    public PlayerState deserialize(DataInputView in) throws IOException {
        PlayerState s = new PlayerState();
        int flags = in.readUnsignedByte();
        s.tickEnd = in.readLong();
        s.wakeAt = in.readLong();
        int cells = readVarInt(in);
        s.cells = new String[cells];
        s.cellEnds = new long[cells];
        long previous = 0;
        for (int i = 0; i < cells; i++) {
            s.cells[i] = StringValue.readString(in);
            previous += readSignedVarLong(in);
            s.cellEnds[i] = previous;
        }
        int daily = readVarInt(in);
        s.dailyKeys = new String[daily];
        s.dailyFirstMinutes = new long[daily];
        s.dailyNew = new boolean[daily];
        for (int i = 0; i < daily; i++) {
            s.dailyKeys[i] = StringValue.readString(in);
            previous += readSignedVarLong(in);
            s.dailyFirstMinutes[i] = previous;
            s.dailyNew[i] = in.readBoolean();
        }
        if ((flags & HAS_PRESENCE) != 0) {
            PresenceTimeline presence = new PresenceTimeline();
            presence.settledEnd = in.readLong();
            if ((flags & HAS_BASE) != 0) {
                presence.base = readPoint(previous, in);
                previous = presence.base.ts;
            }
            presence.minutes = new PresencePoint[readVarInt(in)];
            for (int i = 0; i < presence.minutes.length; i++) {
                presence.minutes[i] = readPoint(previous, in);
                previous = presence.minutes[i].ts;
            }
            presence.sent = new PresenceMark[readVarInt(in)];
            for (int i = 0; i < presence.sent.length; i++) {
                PresenceMark m = new PresenceMark();
                previous += readSignedVarLong(in);
                m.minuteEnd = previous;
                m.serverId = StringValue.readString(in);
                m.platform = StringValue.readString(in);
                presence.sent[i] = m;
            }
            s.presence = presence;
        }
        return s;
    }

    private static PresencePoint readPoint(long previous, DataInputView in) throws IOException {
        long ts = previous + readSignedVarLong(in);
        boolean logout = in.readBoolean();
        return new PresencePoint(ts, logout, StringValue.readString(in), StringValue.readString(in));
    }

    @Override
    public TypeSerializerSnapshot<PlayerState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads a checkpoint of this format; one of the POJO serializer (builds before it) is rewritten in it. */
    public static final class Snapshot extends ReplacesPojoSnapshot<PlayerState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
