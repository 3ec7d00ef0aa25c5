package io.playpulse.player;

import static io.playpulse.state.VarInts.readSignedVarLong;
import static io.playpulse.state.VarInts.readVarInt;
import static io.playpulse.state.VarInts.writeSignedVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link PlayerState} compactly and copies it cheaply. Most of its bytes are the names of
 * its cells ("t|window start|type|platform"), which share their words and numbers with the
 * player's other cells. So a name is written as its '|'-separated tokens: a number as the
 * difference from the number at the same place in the name before, a word as its index in a table
 * of the value's words, the word itself where it first appears. Presence points name their server
 * and platform from the same table; times are deltas. Flink's POJO serializer writes every string
 * whole.
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
    // A token's tag: a number follows, or the string is null, or a word: its table index plus WORD.
    private static final int NUMBER = 0;
    private static final int NULL = 1;
    private static final int WORD = 2;
    /** Numbers are deltas from the one at the same place in the name before; places beyond share the last slot. */
    private static final int PLACES = 8;

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
        PresenceTimeline presence = s.presence;
        out.writeByte((presence != null ? HAS_PRESENCE : 0) | (presence != null && presence.base != null ? HAS_BASE : 0));
        out.writeLong(s.tickEnd);
        out.writeLong(s.wakeAt);
        Writer w = new Writer(out);
        writeVarLong(s.cells.length, out);
        long previous = 0;
        for (int i = 0; i < s.cells.length; i++) {
            w.name(s.cells[i]);
            writeSignedVarLong(s.cellEnds[i] - previous, out);
            previous = s.cellEnds[i];
        }
        writeVarLong(s.dailyKeys.length, out);
        for (int i = 0; i < s.dailyKeys.length; i++) {
            w.name(s.dailyKeys[i]);
            writeSignedVarLong(s.dailyFirstMinutes[i] - previous, out);
            previous = s.dailyFirstMinutes[i];
            out.writeBoolean(s.dailyNew[i]);
        }
        if (presence != null) {
            out.writeLong(presence.settledEnd);
            if (presence.base != null) {
                previous = writePoint(presence.base, previous, w);
            }
            writeVarLong(presence.minutes.length, out);
            for (PresencePoint p : presence.minutes) {
                previous = writePoint(p, previous, w);
            }
            writeVarLong(presence.sent.length, out);
            for (PresenceMark m : presence.sent) {
                writeSignedVarLong(m.minuteEnd - previous, out);
                previous = m.minuteEnd;
                w.word(m.serverId);
                w.word(m.platform);
            }
        }
    }

    private static long writePoint(PresencePoint p, long previous, Writer w) throws IOException {
        writeSignedVarLong(p.ts - previous, w.out);
        w.out.writeBoolean(p.logout);
        w.word(p.serverId);
        w.word(p.platform);
        return p.ts;
    }

    @Override
    public PlayerState deserialize(DataInputView in) throws IOException {
        PlayerState s = new PlayerState();
        int flags = in.readUnsignedByte();
        s.tickEnd = in.readLong();
        s.wakeAt = in.readLong();
        Reader r = new Reader(in);
        int cells = readVarInt(in);
        s.cells = new String[cells];
        s.cellEnds = new long[cells];
        long previous = 0;
        for (int i = 0; i < cells; i++) {
            s.cells[i] = r.name();
            previous += readSignedVarLong(in);
            s.cellEnds[i] = previous;
        }
        int daily = readVarInt(in);
        s.dailyKeys = new String[daily];
        s.dailyFirstMinutes = new long[daily];
        s.dailyNew = new boolean[daily];
        for (int i = 0; i < daily; i++) {
            s.dailyKeys[i] = r.name();
            previous += readSignedVarLong(in);
            s.dailyFirstMinutes[i] = previous;
            s.dailyNew[i] = in.readBoolean();
        }
        if ((flags & HAS_PRESENCE) != 0) {
            PresenceTimeline presence = new PresenceTimeline();
            presence.settledEnd = in.readLong();
            if ((flags & HAS_BASE) != 0) {
                presence.base = readPoint(previous, r);
                previous = presence.base.ts;
            }
            presence.minutes = new PresencePoint[readVarInt(in)];
            for (int i = 0; i < presence.minutes.length; i++) {
                presence.minutes[i] = readPoint(previous, r);
                previous = presence.minutes[i].ts;
            }
            presence.sent = new PresenceMark[readVarInt(in)];
            for (int i = 0; i < presence.sent.length; i++) {
                PresenceMark m = new PresenceMark();
                previous += readSignedVarLong(in);
                m.minuteEnd = previous;
                m.serverId = r.word();
                m.platform = r.word();
                presence.sent[i] = m;
            }
            s.presence = presence;
        }
        return s;
    }

    private static PresencePoint readPoint(long previous, Reader r) throws IOException {
        long ts = previous + readSignedVarLong(r.in);
        boolean logout = r.in.readBoolean();
        return new PresencePoint(ts, logout, r.word(), r.word());
    }

    /** Writes names and words, keeping the words written so far and the last number at each place. */
    private static final class Writer {
        final DataOutputView out;
        private String[] words = new String[16];
        private int wordCount;
        private final long[] lastNumbers = new long[PLACES];

        Writer(DataOutputView out) {
            this.out = out;
        }

        /** A name as its token count (0 for null), then each token. */
        void name(String name) throws IOException {
            if (name == null) {
                writeVarLong(0, out);
                return;
            }
            int count = 1;
            for (int at = name.indexOf(SEPARATOR); at >= 0; at = name.indexOf(SEPARATOR, at + 1)) {
                count++;
            }
            writeVarLong(count, out);
            int from = 0;
            for (int place = 0; place < count; place++) {
                int to = name.indexOf(SEPARATOR, from);
                if (to < 0) {
                    to = name.length();
                }
                if (isCanonicalNumber(name, from, to)) {
                    long number = Long.parseLong(name, from, to, 10);
                    int slot = Math.min(place, PLACES - 1);
                    writeVarLong(NUMBER, out);
                    writeSignedVarLong(number - lastNumbers[slot], out);
                    lastNumbers[slot] = number;
                } else {
                    word(name, from, to);
                }
                from = to + 1;
            }
        }

        void word(String word) throws IOException {
            if (word == null) {
                writeVarLong(NULL, out);
            } else {
                word(word, 0, word.length());
            }
        }

        /** The characters from..to of s as a word: its table index, and the word itself the first time. */
        private void word(String s, int from, int to) throws IOException {
            int length = to - from;
            for (int i = 0; i < wordCount; i++) {
                if (words[i].length() == length && s.regionMatches(from, words[i], 0, length)) {
                    writeVarLong(WORD + i, out);
                    return;
                }
            }
            String word = s.substring(from, to);
            if (wordCount == words.length) {
                words = Arrays.copyOf(words, wordCount * 2);
            }
            words[wordCount] = word;
            writeVarLong(WORD + wordCount++, out);
            StringValue.writeString(word, out);
        }

        /** Digits with an optional minus, as Long.toString writes them, so that reading gives back the same text. */
        private static boolean isCanonicalNumber(String s, int from, int to) {
            int i = from < to && s.charAt(from) == '-' ? from + 1 : from;
            int digits = to - i;
            if (digits < 1 || digits > 18 || s.charAt(i) == '0' && (digits > 1 || i > from)) {
                return false;
            }
            for (; i < to; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reads what {@link Writer} wrote, keeping the same words and numbers. */
    private static final class Reader {
        final DataInputView in;
        private String[] words = new String[16];
        private int wordCount;
        private final long[] lastNumbers = new long[PLACES];
        private final StringBuilder name = new StringBuilder(32);

        Reader(DataInputView in) {
            this.in = in;
        }

        String name() throws IOException {
            int count = readVarInt(in);
            if (count == 0) {
                return null;
            }
            name.setLength(0);
            for (int place = 0; place < count; place++) {
                if (place > 0) {
                    name.append(SEPARATOR);
                }
                int tag = readVarInt(in);
                if (tag == NUMBER) {
                    int slot = Math.min(place, PLACES - 1);
                    lastNumbers[slot] += readSignedVarLong(in);
                    name.append(lastNumbers[slot]);
                } else {
                    name.append(word(tag));
                }
            }
            return name.toString();
        }

        String word() throws IOException {
            return word(readVarInt(in));
        }

        private String word(int tag) throws IOException {
            if (tag == NULL) {
                return null;
            }
            int index = tag - WORD;
            if (index < wordCount) {
                return words[index];
            }
            if (wordCount == words.length) {
                words = Arrays.copyOf(words, wordCount * 2);
            }
            words[wordCount] = StringValue.readString(in);
            return words[wordCount++];
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
