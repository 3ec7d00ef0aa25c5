package io.playpulse.detect;

import static io.playpulse.state.VarInts.readSignedVarLong;
import static io.playpulse.state.VarInts.readVarLong;
import static io.playpulse.state.VarInts.writeSignedVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes one player's events in time order as what changes from one event to the next. Flink's
 * POJO serializer writes each of an event's 31 fields with its own null flag, the strings whole,
 * every time; here each event starts from the one before it and writes only the fields that differ
 * (a bit mask), times as deltas, and each string as its index in a table of the distinct strings
 * written ahead of the events. The event type is written as its name in that table, so reordering
 * {@link EventType} cannot misread a checkpoint. Each field is spelled out, not looked up by
 * reflection: a checkpoint writes every player's events.
 */
public final class SlimEvents {
    // One bit per field of GameEvent in the mask of what changed, the fields that change most often first.
    static final long TIMESTAMP = 1L;
    static final long TYPE = 1L << 1;
    static final long SKILL_ID = 1L << 2;
    static final long DAMAGE = 1L << 3;
    static final long DAMAGE_DEALT = 1L << 4;
    static final long EVENT_ID = 1L << 5;
    static final long PROPERTIES = 1L << 6;
    static final long SESSION_ID = 1L << 7;
    static final long SERVER_ID = 1L << 8;
    static final long PLATFORM = 1L << 9;
    static final long USER_ID = 1L << 10;
    static final long CLIENT_VERSION = 1L << 11;
    static final long SCHEMA_VERSION = 1L << 12;
    static final long PRICE = 1L << 13;
    static final long AMOUNT = 1L << 14;
    static final long CURRENCY = 1L << 15;
    static final long ITEM_ID = 1L << 16;
    static final long ITEM_MARKET_PRICE = 1L << 17;
    static final long GOLD_CHANGE = 1L << 18;
    static final long LEVEL = 1L << 19;
    static final long FROM_LEVEL = 1L << 20;
    static final long TO_LEVEL = 1L << 21;
    static final long TIME_SPENT_MINUTES = 1L << 22;
    static final long DEFENDER_ID = 1L << 23;
    static final long BATTLE_RESULT = 1L << 24;
    static final long WEAPON_ID = 1L << 25;
    static final long DAMAGE_RECEIVED = 1L << 26;
    static final long ERROR_TYPE = 1L << 27;
    static final long RESPONSE_TIME_MS = 1L << 28;
    static final long AB_TEST_GROUP = 1L << 29;
    static final long LATE = 1L << 30;

    private static final GameEvent BLANK = new GameEvent();

    private SlimEvents() {}

    /** Writes the events; their number is the caller's to write. */
    public static void write(GameEvent[] events, DataOutputView out) throws IOException {
        long[] changes = new long[events.length];
        Map<String, Integer> strings = new HashMap<>();
        GameEvent previous = BLANK;
        for (int i = 0; i < events.length; i++) {
            changes[i] = changes(events[i], previous);
            collectStrings(events[i], changes[i], strings);
            previous = events[i];
        }
        String[] table = new String[strings.size()];
        strings.forEach((s, index) -> table[index] = s);
        writeVarLong(table.length, out);
        for (String s : table) {
            StringValue.writeString(s, out);
        }
        previous = BLANK;
        for (int i = 0; i < events.length; i++) {
            writeVarLong(changes[i], out);
            writeChanges(events[i], previous, changes[i], strings, out);
            previous = events[i];
        }
    }

    /** Reads {@code n} events written by {@link #write}. */
    public static GameEvent[] read(int n, DataInputView in) throws IOException {
        GameEvent[] events = new GameEvent[n];
        String[] table = new String[Math.toIntExact(readVarLong(in))];
        for (int i = 0; i < table.length; i++) {
            table[i] = StringValue.readString(in);
        }
        GameEvent previous = BLANK;
        for (int i = 0; i < n; i++) {
            events[i] = readChanges(previous, readVarLong(in), table, in);
            previous = events[i];
        }
        return events;
    }

    private static long changes(GameEvent e, GameEvent p) {
        return (e.timestampMs != p.timestampMs ? TIMESTAMP : 0)
                | (e.eventType != p.eventType ? TYPE : 0)
                | differs(e.skillId, p.skillId, SKILL_ID)
                | differs(e.damage, p.damage, DAMAGE)
                | differs(e.damageDealt, p.damageDealt, DAMAGE_DEALT)
                | differs(e.eventId, p.eventId, EVENT_ID)
                | differs(e.properties, p.properties, PROPERTIES)
                | differs(e.sessionId, p.sessionId, SESSION_ID)
                | differs(e.serverId, p.serverId, SERVER_ID)
                | differs(e.platform, p.platform, PLATFORM)
                | (e.userId != p.userId ? USER_ID : 0)
                | differs(e.clientVersion, p.clientVersion, CLIENT_VERSION)
                | differs(e.schemaVersion, p.schemaVersion, SCHEMA_VERSION)
                | differs(e.price, p.price, PRICE)
                | differs(e.amount, p.amount, AMOUNT)
                | differs(e.currency, p.currency, CURRENCY)
                | differs(e.itemId, p.itemId, ITEM_ID)
                | differs(e.itemMarketPrice, p.itemMarketPrice, ITEM_MARKET_PRICE)
                | differs(e.goldChange, p.goldChange, GOLD_CHANGE)
                | differs(e.level, p.level, LEVEL)
                | differs(e.fromLevel, p.fromLevel, FROM_LEVEL)
                | differs(e.toLevel, p.toLevel, TO_LEVEL)
                | differs(e.timeSpentMinutes, p.timeSpentMinutes, TIME_SPENT_MINUTES)
                | differs(e.defenderId, p.defenderId, DEFENDER_ID)
                | differs(e.battleResult, p.battleResult, BATTLE_RESULT)
                | differs(e.weaponId, p.weaponId, WEAPON_ID)
                | differs(e.damageReceived, p.damageReceived, DAMAGE_RECEIVED)
                | differs(e.errorType, p.errorType, ERROR_TYPE)
                | differs(e.responseTimeMs, p.responseTimeMs, RESPONSE_TIME_MS)
                | differs(e.abTestGroup, p.abTestGroup, AB_TEST_GROUP)
                | (e.late != p.late ? LATE : 0);
    }

    private static long differs(Object value, Object previous, long bit) {
        return Objects.equals(value, previous) ? 0 : bit;
    }

    /** Gives each string the changes write an index in the table, in the order they first appear. */
    private static void collectStrings(GameEvent e, long changes, Map<String, Integer> strings) {
        if ((changes & TYPE) != 0 && e.eventType != null) {
            strings.putIfAbsent(e.eventType.name(), strings.size());
        }
        collect(changes, SKILL_ID, e.skillId, strings);
        collect(changes, EVENT_ID, e.eventId, strings);
        collect(changes, PROPERTIES, e.properties, strings);
        collect(changes, SESSION_ID, e.sessionId, strings);
        collect(changes, SERVER_ID, e.serverId, strings);
        collect(changes, PLATFORM, e.platform, strings);
        collect(changes, CLIENT_VERSION, e.clientVersion, strings);
        collect(changes, SCHEMA_VERSION, e.schemaVersion, strings);
        collect(changes, CURRENCY, e.currency, strings);
        collect(changes, ITEM_ID, e.itemId, strings);
        collect(changes, BATTLE_RESULT, e.battleResult, strings);
        collect(changes, WEAPON_ID, e.weaponId, strings);
        collect(changes, ERROR_TYPE, e.errorType, strings);
        collect(changes, AB_TEST_GROUP, e.abTestGroup, strings);
    }

    private static void collect(long changes, long bit, String value, Map<String, Integer> strings) {
        if ((changes & bit) != 0 && value != null) {
            strings.putIfAbsent(value, strings.size());
        }
    }

    private static void writeChanges(GameEvent e, GameEvent p, long changes, Map<String, Integer> strings, DataOutputView out)
            throws IOException {
        if ((changes & TIMESTAMP) != 0) {
            writeSignedVarLong(e.timestampMs - p.timestampMs, out);
        }
        if ((changes & TYPE) != 0) {
            writeString(e.eventType == null ? null : e.eventType.name(), strings, out);
        }
        writeString(changes, SKILL_ID, e.skillId, strings, out);
        writeNumber(changes, DAMAGE, e.damage, out);
        writeNumber(changes, DAMAGE_DEALT, e.damageDealt, out);
        writeString(changes, EVENT_ID, e.eventId, strings, out);
        writeString(changes, PROPERTIES, e.properties, strings, out);
        writeString(changes, SESSION_ID, e.sessionId, strings, out);
        writeString(changes, SERVER_ID, e.serverId, strings, out);
        writeString(changes, PLATFORM, e.platform, strings, out);
        if ((changes & USER_ID) != 0) {
            writeSignedVarLong(e.userId - p.userId, out);
        }
        writeString(changes, CLIENT_VERSION, e.clientVersion, strings, out);
        writeString(changes, SCHEMA_VERSION, e.schemaVersion, strings, out);
        writeNumber(changes, PRICE, e.price, out);
        writeNumber(changes, AMOUNT, e.amount, out);
        writeString(changes, CURRENCY, e.currency, strings, out);
        writeString(changes, ITEM_ID, e.itemId, strings, out);
        writeNumber(changes, ITEM_MARKET_PRICE, e.itemMarketPrice, out);
        writeNumber(changes, GOLD_CHANGE, e.goldChange, out);
        writeNumber(changes, LEVEL, e.level == null ? null : e.level.longValue(), out);
        writeNumber(changes, FROM_LEVEL, e.fromLevel == null ? null : e.fromLevel.longValue(), out);
        writeNumber(changes, TO_LEVEL, e.toLevel == null ? null : e.toLevel.longValue(), out);
        writeDouble(changes, TIME_SPENT_MINUTES, e.timeSpentMinutes, out);
        writeNumber(changes, DEFENDER_ID, e.defenderId, out);
        writeString(changes, BATTLE_RESULT, e.battleResult, strings, out);
        writeString(changes, WEAPON_ID, e.weaponId, strings, out);
        writeNumber(changes, DAMAGE_RECEIVED, e.damageReceived, out);
        writeString(changes, ERROR_TYPE, e.errorType, strings, out);
        writeDouble(changes, RESPONSE_TIME_MS, e.responseTimeMs, out);
        writeString(changes, AB_TEST_GROUP, e.abTestGroup, strings, out);
        // LATE: a change flips it, nothing to write.
    }

    private static GameEvent readChanges(GameEvent p, long changes, String[] strings, DataInputView in) throws IOException {
        GameEvent e = new GameEvent();
        e.timestampMs = (changes & TIMESTAMP) != 0 ? p.timestampMs + readSignedVarLong(in) : p.timestampMs;
        if ((changes & TYPE) != 0) {
            String type = readString(strings, in);
            e.eventType = type == null ? null : EventType.valueOf(type);
        } else {
            e.eventType = p.eventType;
        }
        e.skillId = (changes & SKILL_ID) != 0 ? readString(strings, in) : p.skillId;
        e.damage = (changes & DAMAGE) != 0 ? readNumber(in) : p.damage;
        e.damageDealt = (changes & DAMAGE_DEALT) != 0 ? readNumber(in) : p.damageDealt;
        e.eventId = (changes & EVENT_ID) != 0 ? readString(strings, in) : p.eventId;
        e.properties = (changes & PROPERTIES) != 0 ? readString(strings, in) : p.properties;
        e.sessionId = (changes & SESSION_ID) != 0 ? readString(strings, in) : p.sessionId;
        e.serverId = (changes & SERVER_ID) != 0 ? readString(strings, in) : p.serverId;
        e.platform = (changes & PLATFORM) != 0 ? readString(strings, in) : p.platform;
        e.userId = (changes & USER_ID) != 0 ? p.userId + readSignedVarLong(in) : p.userId;
        e.clientVersion = (changes & CLIENT_VERSION) != 0 ? readString(strings, in) : p.clientVersion;
        e.schemaVersion = (changes & SCHEMA_VERSION) != 0 ? readString(strings, in) : p.schemaVersion;
        e.price = (changes & PRICE) != 0 ? readNumber(in) : p.price;
        e.amount = (changes & AMOUNT) != 0 ? readNumber(in) : p.amount;
        e.currency = (changes & CURRENCY) != 0 ? readString(strings, in) : p.currency;
        e.itemId = (changes & ITEM_ID) != 0 ? readString(strings, in) : p.itemId;
        e.itemMarketPrice = (changes & ITEM_MARKET_PRICE) != 0 ? readNumber(in) : p.itemMarketPrice;
        e.goldChange = (changes & GOLD_CHANGE) != 0 ? readNumber(in) : p.goldChange;
        e.level = (changes & LEVEL) != 0 ? readInteger(in) : p.level;
        e.fromLevel = (changes & FROM_LEVEL) != 0 ? readInteger(in) : p.fromLevel;
        e.toLevel = (changes & TO_LEVEL) != 0 ? readInteger(in) : p.toLevel;
        e.timeSpentMinutes = (changes & TIME_SPENT_MINUTES) != 0 ? readDouble(in) : p.timeSpentMinutes;
        e.defenderId = (changes & DEFENDER_ID) != 0 ? readNumber(in) : p.defenderId;
        e.battleResult = (changes & BATTLE_RESULT) != 0 ? readString(strings, in) : p.battleResult;
        e.weaponId = (changes & WEAPON_ID) != 0 ? readString(strings, in) : p.weaponId;
        e.damageReceived = (changes & DAMAGE_RECEIVED) != 0 ? readNumber(in) : p.damageReceived;
        e.errorType = (changes & ERROR_TYPE) != 0 ? readString(strings, in) : p.errorType;
        e.responseTimeMs = (changes & RESPONSE_TIME_MS) != 0 ? readDouble(in) : p.responseTimeMs;
        e.abTestGroup = (changes & AB_TEST_GROUP) != 0 ? readString(strings, in) : p.abTestGroup;
        e.late = (changes & LATE) != 0 ? !p.late : p.late;
        return e;
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

    private static Integer readInteger(DataInputView in) throws IOException {
        return in.readBoolean() ? Math.toIntExact(readSignedVarLong(in)) : null;
    }

    private static void writeDouble(long changes, long bit, Double value, DataOutputView out) throws IOException {
        if ((changes & bit) != 0) {
            out.writeBoolean(value != null);
            if (value != null) {
                out.writeDouble(value);
            }
        }
    }

    private static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
