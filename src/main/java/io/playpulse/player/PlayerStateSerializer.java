package io.playpulse.player;

import static io.playpulse.state.VarInts.readSignedVarLong;
import static io.playpulse.state.VarInts.readVarInt;
import static io.playpulse.state.VarInts.writeSignedVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link PlayerState} compactly and copies it cheaply. Its strings repeat: a cell's name
 * ("t|window start|type|platform") shares its window start and platform with the player's other
 * cells, and every presence point names one of a few servers and platforms. So each string is cut
 * at its '|' into tokens, every distinct token is written once in a table ahead of the value, and
 * a string is written as the indexes of its tokens. Times are deltas from the one before. Flink's
 * POJO serializer writes every string whole and every nested point with its own null flags and
 * field by reflection.
 *
 * <p>{@link #copy} is what the heap backend makes of a value read while a snapshot is being
 * written. The player function replaces points and marks but never changes one, so the copy
 * clones the arrays and shares them. Savepoints from before this serializer hold the state as a
 * POJO: Flink reads them with that serializer and writes them on with this one.
 */
public final class PlayerStateSerializer extends TypeSerializerSingleton<PlayerState> {
    private static final long serialVersionUID = 1L;

    public static final PlayerStateSerializer INSTANCE = new PlayerStateSerializer();

    private static final char SEPARATOR = '|';
    // Bits of the value's first byte.
    private static final int HAS_PRESENCE = 1;
    private static final int HAS_BASE = 1 << 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

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
    public PlayerState copy(PlayerState from, PlayerState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PlayerState s, DataOutputView out) throws IOException {
        Tokens tokens = new Tokens();
        PresenceTimeline presence = s.presence;
        if (presence != null) {
            tokens.add(presence.base);
            for (PresencePoint p : presence.minutes) {
                tokens.add(p);
            }
            for (PresenceMark m : presence.sent) {
                tokens.add(m.serverId);
                tokens.add(m.platform);
            }
        }
        int[][] cellTokens = new int[s.cells.length][];
        for (int i = 0; i < s.cells.length; i++) {
            cellTokens[i] = tokens.indexesOf(s.cells[i]);
        }
        int[][] dailyTokens = new int[s.dailyKeys.length][];
        for (int i = 0; i < s.dailyKeys.length; i++) {
            dailyTokens[i] = tokens.indexesOf(s.dailyKeys[i]);
        }
        tokens.write(out);

        out.writeByte((presence != null ? HAS_PRESENCE : 0) | (presence != null && presence.base != null ? HAS_BASE : 0));
        out.writeLong(s.tickEnd);
        out.writeLong(s.wakeAt);
        writeVarLong(s.cells.length, out);
        long previous = 0;
        for (int i = 0; i < s.cells.length; i++) {
            writeIndexes(cellTokens[i], out);
            writeSignedVarLong(s.cellEnds[i] - previous, out);
            previous = s.cellEnds[i];
        }
        writeVarLong(s.dailyKeys.length, out);
        for (int i = 0; i < s.dailyKeys.length; i++) {
            writeIndexes(dailyTokens[i], out);
            writeSignedVarLong(s.dailyFirstMinutes[i] - previous, out);
            previous = s.dailyFirstMinutes[i];
            out.writeBoolean(s.dailyNew[i]);
        }
        if (presence != null) {
            out.writeLong(presence.settledEnd);
            if (presence.base != null) {
                previous = writePoint(presence.base, previous, tokens, out);
            }
            writeVarLong(presence.minutes.length, out);
            for (PresencePoint p : presence.minutes) {
                previous = writePoint(p, previous, tokens, out);
            }
            writeVarLong(presence.sent.length, out);
            for (PresenceMark m : presence.sent) {
                writeSignedVarLong(m.minuteEnd - previous, out);
                previous = m.minuteEnd;
                tokens.write(m.serverId, out);
                tokens.write(m.platform, out);
            }
        }
    }

    private static long writePoint(PresencePoint p, long previous, Tokens tokens, DataOutputView out) throws IOException {
        writeSignedVarLong(p.ts - previous, out);
        out.writeBoolean(p.logout);
        tokens.write(p.serverId, out);
        tokens.write(p.platform, out);
        return p.ts;
    }

    @Override
    public PlayerState deserialize(DataInputView in) throws IOException {
        String[] tokens = new String[readVarInt(in)];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = StringValue.readString(in);
        }
        PlayerState s = new PlayerState();
        int flags = in.readUnsignedByte();
        s.tickEnd = in.readLong();
        s.wakeAt = in.readLong();
        int cells = readVarInt(in);
        s.cells = new String[cells];
        s.cellEnds = new long[cells];
        long previous = 0;
        for (int i = 0; i < cells; i++) {
            s.cells[i] = readTokens(tokens, in);
            previous += readSignedVarLong(in);
            s.cellEnds[i] = previous;
        }
        int daily = readVarInt(in);
        s.dailyKeys = new String[daily];
        s.dailyFirstMinutes = new long[daily];
        s.dailyNew = new boolean[daily];
        for (int i = 0; i < daily; i++) {
            s.dailyKeys[i] = readTokens(tokens, in);
            previous += readSignedVarLong(in);
            s.dailyFirstMinutes[i] = previous;
            s.dailyNew[i] = in.readBoolean();
        }
        if ((flags & HAS_PRESENCE) != 0) {
            PresenceTimeline presence = new PresenceTimeline();
            presence.settledEnd = in.readLong();
            if ((flags & HAS_BASE) != 0) {
                presence.base = readPoint(previous, tokens, in);
                previous = presence.base.ts;
            }
            presence.minutes = new PresencePoint[readVarInt(in)];
            for (int i = 0; i < presence.minutes.length; i++) {
                presence.minutes[i] = readPoint(previous, tokens, in);
                previous = presence.minutes[i].ts;
            }
            presence.sent = new PresenceMark[readVarInt(in)];
            for (int i = 0; i < presence.sent.length; i++) {
                PresenceMark m = new PresenceMark();
                previous += readSignedVarLong(in);
                m.minuteEnd = previous;
                m.serverId = readToken(tokens, in);
                m.platform = readToken(tokens, in);
                presence.sent[i] = m;
            }
            s.presence = presence;
        }
        return s;
    }

    private static PresencePoint readPoint(long previous, String[] tokens, DataInputView in) throws IOException {
        long ts = previous + readSignedVarLong(in);
        boolean logout = in.readBoolean();
        return new PresencePoint(ts, logout, readToken(tokens, in), readToken(tokens, in));
    }

    /** A token as 0 for null, else its index in the table plus one. */
    private static String readToken(String[] tokens, DataInputView in) throws IOException {
        int index = readVarInt(in);
        return index == 0 ? null : tokens[index - 1];
    }

    /** A string as its token count plus one (0 for null), then each token's index. */
    private static String readTokens(String[] tokens, DataInputView in) throws IOException {
        int count = readVarInt(in) - 1;
        if (count < 0) {
            return null;
        }
        StringBuilder s = new StringBuilder(32);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                s.append(SEPARATOR);
            }
            s.append(tokens[readVarInt(in)]);
        }
        return s.toString();
    }

    /** The distinct strings of one value, each numbered by its first appearance. */
    private static final class Tokens {
        private final Map<String, Integer> indexes = new HashMap<>();

        void add(String token) {
            if (token != null) {
                indexes.putIfAbsent(token, indexes.size());
            }
        }

        void add(PresencePoint p) {
            if (p != null) {
                add(p.serverId);
                add(p.platform);
            }
        }

        /** Adds the string's tokens; their indexes, or null for a null string. */
        int[] indexesOf(String s) {
            if (s == null) {
                return null;
            }
            int count = 1;
            for (int at = s.indexOf(SEPARATOR); at >= 0; at = s.indexOf(SEPARATOR, at + 1)) {
                count++;
            }
            int[] result = new int[count];
            int from = 0;
            for (int i = 0; i < count - 1; i++) {
                int at = s.indexOf(SEPARATOR, from);
                result[i] = index(s.substring(from, at));
                from = at + 1;
            }
            result[count - 1] = index(s.substring(from));
            return result;
        }

        private int index(String token) {
            Integer index = indexes.putIfAbsent(token, indexes.size());
            return index == null ? indexes.size() - 1 : index;
        }

        void write(DataOutputView out) throws IOException {
            String[] table = new String[indexes.size()];
            indexes.forEach((token, index) -> table[index] = token);
            writeVarLong(table.length, out);
            for (String token : table) {
                StringValue.writeString(token, out);
            }
        }

        void write(String token, DataOutputView out) throws IOException {
            writeVarLong(token == null ? 0 : indexes.get(token) + 1, out);
        }
    }

    /** A string as its token count plus one (0 for null), then each token's index. */
    private static void writeIndexes(int[] indexes, DataOutputView out) throws IOException {
        if (indexes == null) {
            writeVarLong(0, out);
            return;
        }
        writeVarLong(indexes.length + 1, out);
        for (int index : indexes) {
            writeVarLong(index, out);
        }
    }

    @Override
    public PlayerState deserialize(PlayerState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PlayerState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads a checkpoint of this format; one of the POJO serializer (builds before it) is rewritten in it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PlayerState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<PlayerState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<PlayerState> oldSerializerSnapshot) {
            if (oldSerializerSnapshot instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSerializerSnapshot);
        }
    }
}
