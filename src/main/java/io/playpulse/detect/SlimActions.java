package io.playpulse.detect;

import static io.playpulse.state.VarInts.readSignedVarLong;
import static io.playpulse.state.VarInts.readVarLong;
import static io.playpulse.state.VarInts.writeSignedVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import io.playpulse.events.EventType;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes one player's actions in time order as what changes from one action to the next. Flink's
 * POJO serializer writes each field with its own null flag, the strings whole, every time; here
 * each action starts from the one before it and writes only the fields that differ (a bit mask),
 * times as deltas, and each string as its index in a table of the distinct strings written ahead of
 * the actions. The event type is written as its name in that table, so reordering {@link EventType}
 * cannot misread a checkpoint. Each field is spelled out, not looked up by reflection: a checkpoint
 * writes every player's actions.
 *
 * <p>The mask's bits are those of the format as it was when the gate held whole events (of which it
 * was only ever given these fields): the other bits stay unused, so checkpoints of those builds read.
 */
public final class SlimActions {
    // One bit per field in the mask of what changed, the fields that change most often first. Bits 5,
    // 6 and 11-30 were the other fields of a GameEvent: unused.
    static final long TIMESTAMP = 1L;
    static final long TYPE = 1L << 1;
    static final long SKILL_ID = 1L << 2;
    static final long DAMAGE = 1L << 3;
    static final long DAMAGE_DEALT = 1L << 4;
    static final long SESSION_ID = 1L << 7;
    static final long SERVER_ID = 1L << 8;
    static final long PLATFORM = 1L << 9;
    static final long USER_ID = 1L << 10;
    static final long ACTION_FIELDS = TIMESTAMP | TYPE | SKILL_ID | DAMAGE | DAMAGE_DEALT | SESSION_ID | SERVER_ID | PLATFORM | USER_ID;

    private static final Action BLANK = new Action();

    private SlimActions() {}

    /** Writes the first {@code n} actions; their number is the caller's to write. */
    public static void write(Action[] actions, int n, DataOutputView out) throws IOException {
        long[] changes = new long[n];
        Map<String, Integer> strings = new HashMap<>();
        Action previous = BLANK;
        for (int i = 0; i < n; i++) {
            changes[i] = changes(actions[i], previous);
            collectStrings(actions[i], changes[i], strings);
            previous = actions[i];
        }
        String[] table = new String[strings.size()];
        strings.forEach((s, index) -> table[index] = s);
        writeVarLong(table.length, out);
        for (String s : table) {
            StringValue.writeString(s, out);
        }
        previous = BLANK;
        for (int i = 0; i < n; i++) {
            writeVarLong(changes[i], out);
            writeChanges(actions[i], previous, changes[i], strings, out);
            previous = actions[i];
        }
    }

    /** Reads {@code n} actions written by {@link #write}. */
    public static Action[] read(int n, DataInputView in) throws IOException {
        Action[] actions = new Action[n];
        String[] table = new String[Math.toIntExact(readVarLong(in))];
        for (int i = 0; i < table.length; i++) {
            table[i] = StringValue.readString(in);
        }
        Action previous = BLANK;
        for (int i = 0; i < n; i++) {
            long changes = readVarLong(in);
            if ((changes & ~ACTION_FIELDS) != 0) {
                throw new IOException("a gate's action with fields no gate keeps: mask " + Long.toBinaryString(changes));
            }
            actions[i] = readChanges(previous, changes, table, in);
            previous = actions[i];
        }
        return actions;
    }

    private static long changes(Action a, Action p) {
        return (a.timestampMs != p.timestampMs ? TIMESTAMP : 0)
                | (a.eventType != p.eventType ? TYPE : 0)
                | differs(a.skillId, p.skillId, SKILL_ID)
                | differs(a.damage, p.damage, DAMAGE)
                | differs(a.damageDealt, p.damageDealt, DAMAGE_DEALT)
                | differs(a.sessionId, p.sessionId, SESSION_ID)
                | differs(a.serverId, p.serverId, SERVER_ID)
                | differs(a.platform, p.platform, PLATFORM)
                | (a.userId != p.userId ? USER_ID : 0);
    }

    private static long differs(Object value, Object previous, long bit) {
        return Objects.equals(value, previous) ? 0 : bit;
    }

    /** Gives each string the changes write an index in the table, in the order they first appear. */
    private static void collectStrings(Action a, long changes, Map<String, Integer> strings) {
        if ((changes & TYPE) != 0 && a.eventType != null) {
            strings.putIfAbsent(a.eventType.name(), strings.size());
        }
        collect(changes, SKILL_ID, a.skillId, strings);
        collect(changes, SESSION_ID, a.sessionId, strings);
        collect(changes, SERVER_ID, a.serverId, strings);
        collect(changes, PLATFORM, a.platform, strings);
    }

    private static void collect(long changes, long bit, String value, Map<String, Integer> strings) {
        if ((changes & bit) != 0 && value != null) {
            strings.putIfAbsent(value, strings.size());
        }
    }

    private static void writeChanges(Action a, Action p, long changes, Map<String, Integer> strings, DataOutputView out)
            throws IOException {
        if ((changes & TIMESTAMP) != 0) {
            writeSignedVarLong(a.timestampMs - p.timestampMs, out);
        }
        if ((changes & TYPE) != 0) {
            writeString(a.eventType == null ? null : a.eventType.name(), strings, out);
        }
        writeString(changes, SKILL_ID, a.skillId, strings, out);
        writeNumber(changes, DAMAGE, a.damage, out);
        writeNumber(changes, DAMAGE_DEALT, a.damageDealt, out);
        writeString(changes, SESSION_ID, a.sessionId, strings, out);
        writeString(changes, SERVER_ID, a.serverId, strings, out);
        writeString(changes, PLATFORM, a.platform, strings, out);
        if ((changes & USER_ID) != 0) {
            writeSignedVarLong(a.userId - p.userId, out);
        }
    }

    private static Action readChanges(Action p, long changes, String[] strings, DataInputView in) throws IOException {
        Action a = new Action();
        a.timestampMs = (changes & TIMESTAMP) != 0 ? p.timestampMs + readSignedVarLong(in) : p.timestampMs;
        if ((changes & TYPE) != 0) {
            String type = readString(strings, in);
            a.eventType = type == null ? null : EventType.valueOf(type);
        } else {
            a.eventType = p.eventType;
        }
        a.skillId = (changes & SKILL_ID) != 0 ? readString(strings, in) : p.skillId;
        a.damage = (changes & DAMAGE) != 0 ? readNumber(in) : p.damage;
        a.damageDealt = (changes & DAMAGE_DEALT) != 0 ? readNumber(in) : p.damageDealt;
        a.sessionId = (changes & SESSION_ID) != 0 ? readString(strings, in) : p.sessionId;
        a.serverId = (changes & SERVER_ID) != 0 ? readString(strings, in) : p.serverId;
        a.platform = (changes & PLATFORM) != 0 ? readString(strings, in) : p.platform;
        a.userId = (changes & USER_ID) != 0 ? p.userId + readSignedVarLong(in) : p.userId;
        return a;
    }

    /** A string as 0 for null, else its index in the table plus one. */
    private static void writeString(String value, Map<String, Integer> strings, DataOutputView out) throws IOException {
        writeVarLong(value == null ? 0 : strings.get(value) + 1, out);
    }

    private static void writeString(long changes, long bit, String value, Map<String, Integer> strings, DataOutputView out)
            throws IOException {
        if ((changes & bit) != 0) {
            writeString(value, strings, out);
        }
    }

    private static String readString(String[] strings, DataInputView in) throws IOException {
        int index = Math.toIntExact(readVarLong(in));
        return index == 0 ? null : strings[index - 1];
    }

    /** A nullable whole number as a presence flag, then the number. */
    private static void writeNumber(long changes, long bit, Long value, DataOutputView out) throws IOException {
        if ((changes & bit) != 0) {
            out.writeBoolean(value != null);
            if (value != null) {
                writeSignedVarLong(value, out);
            }
        }
    }

    private static Long readNumber(DataInputView in) throws IOException {
        return in.readBoolean() ? readSignedVarLong(in) : null;
    }
}
