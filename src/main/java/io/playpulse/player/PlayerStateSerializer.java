package io.playpulse.player;

import static io.playpulse.state.VarInts.readSignedVarLong;
import static io.playpulse.state.VarInts.readVarInt;
import static io.playpulse.state.VarInts.readVarLong;
import static io.playpulse.state.VarInts.writeSignedVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import io.playpulse.state.CompactSerializer;
import io.playpulse.state.InlineStrings;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link PlayerState} field by field and copies it cheaply. A cell is its key, its window
 * end (a delta from the one before) and its dimension; every string (dimensions, platforms,
 * servers) is written once per value and referred to after that ({@link InlineStrings}).
 *
 * <p>{@link #copy} is what the heap backend makes of a value read while a snapshot is being
 * written. The player function replaces points and marks but never changes one, so the copy
 * clones the arrays and shares them.
 *
 * <p>Builds up to 101cff3 wrote the cells as names ({@link #NAMED_CELLS}): Flink reads their
 * savepoints with that format and writes them on in this one (on RocksDB it rewrites every value at
 * the restore). Builds up to d280fce wrote the state with Flink's POJO serializer, as a class that
 * no longer has their fields: {@link Snapshot} refuses them, with the way round.
 */
public final class PlayerStateSerializer extends CompactSerializer<PlayerState> {
    private static final long serialVersionUID = 1L;

    public static final PlayerStateSerializer INSTANCE = new PlayerStateSerializer();
    /** The format of builds up to 101cff3, whose cells were names. */
    public static final TypeSerializer<PlayerState> NAMED_CELLS = new NamedCells();

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
        copy.cellKeys = from.cellKeys.clone();
        copy.cellDimensions = from.cellDimensions.clone();
        copy.cellEnds = from.cellEnds.clone();
        copy.cellCount = from.cellCount;
        copy.dailyPlatforms = from.dailyPlatforms.clone();
        copy.dailyFirstMinutes = from.dailyFirstMinutes.clone();
        copy.dailyNew = from.dailyNew.clone();
        copy.tickEnd = from.tickEnd;
        copy.wakeAt = from.wakeAt;
        return copy;
    }

    @Override
    protected void write(PlayerState s, DataOutputView out) throws IOException {
        InlineStrings strings = new InlineStrings();
        writeHead(s, out);
        writeVarLong(s.cellCount, out);
        long previous = 0;
        for (int i = 0; i < s.cellCount; i++) {
            writeVarLong(s.cellKeys[i], out);
            strings.write(s.cellDimensions[i], out);
            writeSignedVarLong(s.cellEnds[i] - previous, out);
            previous = s.cellEnds[i];
        }
        writeVarLong(s.dailyPlatforms.length, out);
        for (int i = 0; i < s.dailyPlatforms.length; i++) {
            strings.write(s.dailyPlatforms[i], out);
            previous = writeDaily(s, i, previous, out);
        }
        writePresence(s.presence, previous, strings, out);
    }

    @Override
    public PlayerState deserialize(DataInputView in) throws IOException {
        InlineStrings strings = new InlineStrings();
        PlayerState s = new PlayerState();
        int flags = readHead(s, in);
        int cells = readVarInt(in);
        newCells(s, cells);
        long previous = 0;
        for (int i = 0; i < cells; i++) {
            s.cellKeys[i] = readVarLong(in);
            s.cellDimensions[i] = strings.read(in);
            previous += readSignedVarLong(in);
            s.cellEnds[i] = previous;
        }
        int daily = readVarInt(in);
        newDaily(s, daily);
        for (int i = 0; i < daily; i++) {
            s.dailyPlatforms[i] = strings.read(in);
            previous = readDaily(s, i, previous, in);
        }
        readPresence(s, flags, previous, strings, in);
        return s;
    }

    private static void writeHead(PlayerState s, DataOutputView out) throws IOException {
        PresenceTimeline presence = s.presence;
        out.writeByte((presence != null ? HAS_PRESENCE : 0) | (presence != null && presence.base != null ? HAS_BASE : 0));
        out.writeLong(s.tickEnd);
        out.writeLong(s.wakeAt);
    }

    private static int readHead(PlayerState s, DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        s.tickEnd = in.readLong();
        s.wakeAt = in.readLong();
        return flags;
    }

    private static long writeDaily(PlayerState s, int i, long previous, DataOutputView out) throws IOException {
        writeSignedVarLong(s.dailyFirstMinutes[i] - previous, out);
        out.writeBoolean(s.dailyNew[i]);
        return s.dailyFirstMinutes[i];
    }

    private static void newCells(PlayerState s, int cells) {
        s.cellKeys = new long[cells];
        s.cellDimensions = new String[cells];
        s.cellEnds = new long[cells];
        s.cellCount = cells;
    }

    private static void newDaily(PlayerState s, int daily) {
        s.dailyPlatforms = new String[daily];
        s.dailyFirstMinutes = new long[daily];
        s.dailyNew = new boolean[daily];
    }

    private static long readDaily(PlayerState s, int i, long previous, DataInputView in) throws IOException {
        s.dailyFirstMinutes[i] = previous + readSignedVarLong(in);
        s.dailyNew[i] = in.readBoolean();
        return s.dailyFirstMinutes[i];
    }

    /** The presence timeline; {@code strings} null for the named-cells format, which wrote every string whole. */
    private static void writePresence(PresenceTimeline presence, long previous, InlineStrings strings, DataOutputView out)
            throws IOException {
        if (presence == null) {
            return;
        }
        out.writeLong(presence.settledEnd);
        if (presence.base != null) {
            previous = writePoint(presence.base, previous, strings, out);
        }
        writeVarLong(presence.minutes.length, out);
        for (PresencePoint p : presence.minutes) {
            previous = writePoint(p, previous, strings, out);
        }
        writeVarLong(presence.sent.length, out);
        for (PresenceMark m : presence.sent) {
            writeSignedVarLong(m.minuteEnd - previous, out);
            previous = m.minuteEnd;
            writeString(m.serverId, strings, out);
            writeString(m.platform, strings, out);
        }
    }

    private static long writePoint(PresencePoint p, long previous, InlineStrings strings, DataOutputView out) throws IOException {
        writeSignedVarLong(p.ts - previous, out);
        out.writeBoolean(p.logout);
        writeString(p.serverId, strings, out);
        writeString(p.platform, strings, out);
        return p.ts;
    }

    private static void readPresence(PlayerState s, int flags, long previous, InlineStrings strings, DataInputView in)
            throws IOException {
        if ((flags & HAS_PRESENCE) == 0) {
            return;
        }
        PresenceTimeline presence = new PresenceTimeline();
        presence.settledEnd = in.readLong();
        if ((flags & HAS_BASE) != 0) {
            presence.base = readPoint(previous, strings, in);
            previous = presence.base.ts;
        }
        presence.minutes = new PresencePoint[readVarInt(in)];
        for (int i = 0; i < presence.minutes.length; i++) {
            presence.minutes[i] = readPoint(previous, strings, in);
            previous = presence.minutes[i].ts;
        }
        presence.sent = new PresenceMark[readVarInt(in)];
        for (int i = 0; i < presence.sent.length; i++) {
            PresenceMark m = new PresenceMark();
            previous += readSignedVarLong(in);
            m.minuteEnd = previous;
            m.serverId = readString(strings, in);
            m.platform = readString(strings, in);
            presence.sent[i] = m;
        }
        s.presence = presence;
    }

    private static PresencePoint readPoint(long previous, InlineStrings strings, DataInputView in) throws IOException {
        long ts = previous + readSignedVarLong(in);
        boolean logout = in.readBoolean();
        return new PresencePoint(ts, logout, readString(strings, in), readString(strings, in));
    }

    private static void writeString(String s, InlineStrings strings, DataOutputView out) throws IOException {
        if (strings == null) {
            StringValue.writeString(s, out);
        } else {
            strings.write(s, out);
        }
    }

    private static String readString(InlineStrings strings, DataInputView in) throws IOException {
        return strings == null ? StringValue.readString(in) : strings.read(in);
    }

    @Override
    public TypeSerializerSnapshot<PlayerState> snapshotConfiguration() {
        return new Snapshot(Snapshot.KEYED_CELLS);
    }

    /** The format of builds up to 101cff3: cells and daily entries as names, every string whole. */
    private static final class NamedCells extends CompactSerializer<PlayerState> {
        private static final long serialVersionUID = 1L;

        @Override
        public PlayerState createInstance() {
            return new PlayerState();
        }

        @Override
        public PlayerState copy(PlayerState from) {
            return INSTANCE.copy(from);
        }

        @Override
        protected void write(PlayerState s, DataOutputView out) throws IOException {
            writeHead(s, out);
            writeVarLong(s.cellCount, out);
            long previous = 0;
            for (int i = 0; i < s.cellCount; i++) {
                StringValue.writeString(CellNames.name(s.cellKeys[i], s.cellDimensions[i], s.cellEnds[i]), out);
                writeSignedVarLong(s.cellEnds[i] - previous, out);
                previous = s.cellEnds[i];
            }
            writeVarLong(s.dailyPlatforms.length, out);
            for (int i = 0; i < s.dailyPlatforms.length; i++) {
                StringValue.writeString(CellNames.dailyName(s.dailyPlatforms[i], s.dailyFirstMinutes[i]), out);
                previous = writeDaily(s, i, previous, out);
            }
            writePresence(s.presence, previous, null, out);
        }

        @Override
        public PlayerState deserialize(DataInputView in) throws IOException {
            PlayerState s = new PlayerState();
            int flags = readHead(s, in);
            int cells = readVarInt(in);
            newCells(s, cells);
            long previous = 0;
            for (int i = 0; i < cells; i++) {
                String name = StringValue.readString(in);
                s.cellKeys[i] = CellNames.key(name);
                s.cellDimensions[i] = CellNames.dimension(name);
                previous += readSignedVarLong(in);
                s.cellEnds[i] = previous;
            }
            int daily = readVarInt(in);
            newDaily(s, daily);
            for (int i = 0; i < daily; i++) {
                s.dailyPlatforms[i] = CellNames.dailyPlatform(StringValue.readString(in));
                previous = readDaily(s, i, previous, in);
            }
            readPresence(s, flags, previous, null, in);
            return s;
        }

        @Override
        public TypeSerializerSnapshot<PlayerState> snapshotConfiguration() {
            return new Snapshot(Snapshot.NAMED_CELLS);
        }
    }

    /**
     * Names the format a checkpoint's values are in by its version: {@link #NAMED_CELLS} is what
     * builds up to 101cff3 wrote (as a {@code SimpleTypeSerializerSnapshot}, version 3, with no
     * content), {@link #KEYED_CELLS} the current one. A snapshot read from a checkpoint keeps its
     * version, so that one written again still names the format of the values beside it.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<PlayerState> {
        static final int NAMED_CELLS = 3;
        static final int KEYED_CELLS = 4;

        private int version;

        /** For Flink, which reads the version next. */
        public Snapshot() {
            this(KEYED_CELLS);
        }

        Snapshot(int version) {
            this.version = version;
        }

        @Override
        public int getCurrentVersion() {
            return version;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != NAMED_CELLS && readVersion != KEYED_CELLS) {
                throw new IOException("unknown player state format " + readVersion);
            }
            version = readVersion;
        }

        @Override
        public TypeSerializer<PlayerState> restoreSerializer() {
            return version == NAMED_CELLS ? PlayerStateSerializer.NAMED_CELLS : INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<PlayerState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<PlayerState> oldSerializerSnapshot) {
            if (oldSerializerSnapshot instanceof PojoSerializerSnapshot) {
                throw new IllegalStateException("The player state of this savepoint was written as a POJO, by a build up "
                        + "to d280fce, whose fields this build's PlayerState no longer has: restore it into a build from "
                        + "3d2cc89 to 101cff3 first, take a savepoint there, and restore that one (docs/deploying.md)");
            }
            if (!(oldSerializerSnapshot instanceof Snapshot old)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            if (old.version == version) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return version == KEYED_CELLS
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
