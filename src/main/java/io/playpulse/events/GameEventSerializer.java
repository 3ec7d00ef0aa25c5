package io.playpulse.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link GameEvent} across the job's one shuffle of whole events, from the source's chain
 * to de-duplication ({@link GameEventTypeInfo}). Flink's POJO serializer reaches each of the 31
 * fields by reflection, with a null flag each, and writes a string a char at a time, a call per
 * byte. Here one bit mask says which fields are present, each field is spelled out, and an ASCII
 * string (ids, versions, the properties' JSON: nearly every string) is copied as its bytes. Any
 * other string goes as its UTF-16 chars, so every string arrives exactly as it left, an unpaired
 * surrogate included. The events one serializer reads share one instance of each label (platform,
 * server, skill...: {@link Labels}), as the operators downstream keep many of them.
 *
 * <p>The event type goes as its contract code ({@link EventType#code()}), which never changes. A
 * field added to {@link GameEvent} must be added here: {@code GameEventSerializerTest} fails until it is.
 */
public final class GameEventSerializer extends TypeSerializer<GameEvent> {
    private static final long serialVersionUID = 1L;

    // One bit per field that can be absent, and one for the late flag.
    private static final int EVENT_ID = 1;
    private static final int EVENT_TYPE = 1 << 1;
    private static final int SESSION_ID = 1 << 2;
    private static final int SERVER_ID = 1 << 3;
    private static final int PLATFORM = 1 << 4;
    private static final int CLIENT_VERSION = 1 << 5;
    private static final int SCHEMA_VERSION = 1 << 6;
    private static final int PROPERTIES = 1 << 7;
    private static final int PRICE = 1 << 8;
    private static final int AMOUNT = 1 << 9;
    private static final int CURRENCY = 1 << 10;
    private static final int ITEM_ID = 1 << 11;
    private static final int ITEM_MARKET_PRICE = 1 << 12;
    private static final int GOLD_CHANGE = 1 << 13;
    private static final int SKILL_ID = 1 << 14;
    private static final int DAMAGE = 1 << 15;
    private static final int LEVEL = 1 << 16;
    private static final int FROM_LEVEL = 1 << 17;
    private static final int TO_LEVEL = 1 << 18;
    private static final int TIME_SPENT_MINUTES = 1 << 19;
    private static final int DEFENDER_ID = 1 << 20;
    private static final int BATTLE_RESULT = 1 << 21;
    private static final int WEAPON_ID = 1 << 22;
    private static final int DAMAGE_DEALT = 1 << 23;
    private static final int DAMAGE_RECEIVED = 1 << 24;
    private static final int ERROR_TYPE = 1 << 25;
    private static final int RESPONSE_TIME_MS = 1 << 26;
    private static final int AB_TEST_GROUP = 1 << 27;
    private static final int LATE = 1 << 28;

    /** Where a string's bytes are read into; a serializer serves one thread ({@link #duplicate}). */
    private transient byte[] buffer;
    /** The labels read so far (platforms, servers, skills...), so that the events read share them. */
    private transient Labels labels;

    @Override
    public void serialize(GameEvent e, DataOutputView out) throws IOException {
        out.writeInt(present(e.eventId, EVENT_ID)
                | present(e.eventType, EVENT_TYPE)
                | present(e.sessionId, SESSION_ID)
                | present(e.serverId, SERVER_ID)
                | present(e.platform, PLATFORM)
                | present(e.clientVersion, CLIENT_VERSION)
                | present(e.schemaVersion, SCHEMA_VERSION)
                | present(e.properties, PROPERTIES)
                | present(e.price, PRICE)
                | present(e.amount, AMOUNT)
                | present(e.currency, CURRENCY)
                | present(e.itemId, ITEM_ID)
                | present(e.itemMarketPrice, ITEM_MARKET_PRICE)
                | present(e.goldChange, GOLD_CHANGE)
                | present(e.skillId, SKILL_ID)
                | present(e.damage, DAMAGE)
                | present(e.level, LEVEL)
                | present(e.fromLevel, FROM_LEVEL)
                | present(e.toLevel, TO_LEVEL)
                | present(e.timeSpentMinutes, TIME_SPENT_MINUTES)
                | present(e.defenderId, DEFENDER_ID)
                | present(e.battleResult, BATTLE_RESULT)
                | present(e.weaponId, WEAPON_ID)
                | present(e.damageDealt, DAMAGE_DEALT)
                | present(e.damageReceived, DAMAGE_RECEIVED)
                | present(e.errorType, ERROR_TYPE)
                | present(e.responseTimeMs, RESPONSE_TIME_MS)
                | present(e.abTestGroup, AB_TEST_GROUP)
                | (e.late ? LATE : 0));
        out.writeLong(e.userId);
        out.writeLong(e.timestampMs);
        if (e.eventType != null) {
            out.writeByte(e.eventType.code());
        }
        writeString(e.eventId, out);
        writeString(e.sessionId, out);
        writeString(e.serverId, out);
        writeString(e.platform, out);
        writeString(e.clientVersion, out);
        writeString(e.schemaVersion, out);
        writeString(e.properties, out);
        writeLong(e.price, out);
        writeLong(e.amount, out);
        writeString(e.currency, out);
        writeString(e.itemId, out);
        writeLong(e.itemMarketPrice, out);
        writeLong(e.goldChange, out);
        writeString(e.skillId, out);
        writeLong(e.damage, out);
        writeInt(e.level, out);
        writeInt(e.fromLevel, out);
        writeInt(e.toLevel, out);
        writeDouble(e.timeSpentMinutes, out);
        writeLong(e.defenderId, out);
        writeString(e.battleResult, out);
        writeString(e.weaponId, out);
        writeLong(e.damageDealt, out);
        writeLong(e.damageReceived, out);
        writeString(e.errorType, out);
        writeDouble(e.responseTimeMs, out);
        writeString(e.abTestGroup, out);
    }

    @Override
    public GameEvent deserialize(DataInputView in) throws IOException {
        int present = in.readInt();
        GameEvent e = new GameEvent();
        e.userId = in.readLong();
        e.timestampMs = in.readLong();
        e.eventType = (present & EVENT_TYPE) != 0 ? EventType.fromCode(in.readUnsignedByte()) : null;
        e.eventId = readString(present, EVENT_ID, in);
        e.sessionId = readString(present, SESSION_ID, in);
        e.serverId = readLabel(present, SERVER_ID, in);
        e.platform = readLabel(present, PLATFORM, in);
        e.clientVersion = readLabel(present, CLIENT_VERSION, in);
        e.schemaVersion = readLabel(present, SCHEMA_VERSION, in);
        e.properties = readString(present, PROPERTIES, in);
        e.price = readLong(present, PRICE, in);
        e.amount = readLong(present, AMOUNT, in);
        e.currency = readLabel(present, CURRENCY, in);
        e.itemId = readLabel(present, ITEM_ID, in);
        e.itemMarketPrice = readLong(present, ITEM_MARKET_PRICE, in);
        e.goldChange = readLong(present, GOLD_CHANGE, in);
        e.skillId = readLabel(present, SKILL_ID, in);
        e.damage = readLong(present, DAMAGE, in);
        e.level = readInt(present, LEVEL, in);
        e.fromLevel = readInt(present, FROM_LEVEL, in);
        e.toLevel = readInt(present, TO_LEVEL, in);
        e.timeSpentMinutes = readDouble(present, TIME_SPENT_MINUTES, in);
        e.defenderId = readLong(present, DEFENDER_ID, in);
        e.battleResult = readLabel(present, BATTLE_RESULT, in);
        e.weaponId = readLabel(present, WEAPON_ID, in);
        e.damageDealt = readLong(present, DAMAGE_DEALT, in);
        e.damageReceived = readLong(present, DAMAGE_RECEIVED, in);
        e.errorType = readLabel(present, ERROR_TYPE, in);
        e.responseTimeMs = readDouble(present, RESPONSE_TIME_MS, in);
        e.abTestGroup = readLabel(present, AB_TEST_GROUP, in);
        e.late = (present & LATE) != 0;
        return e;
    }

    private static int present(Object field, int bit) {
        return field != null ? bit : 0;
    }

    private static void writeLong(Long value, DataOutputView out) throws IOException {
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static void writeInt(Integer value, DataOutputView out) throws IOException {
        if (value != null) {
            out.writeInt(value);
        }
    }

    private static void writeDouble(Double value, DataOutputView out) throws IOException {
        if (value != null) {
            out.writeDouble(value);
        }
    }

    /** Its length doubled, plus one when it goes as chars; then its bytes, or its chars. */
    private static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            return;
        }
        if (isAscii(s)) {
            out.writeInt(s.length() << 1);
            // Not out.writeBytes(s): Flink 2.2.1's DataOutputSerializer advances its position twice there.
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.writeInt(s.length() << 1 | 1);
            out.writeChars(s);
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** A string from a small set, such as a platform: the one instance this serializer has read before. */
    private String readLabel(int present, int bit, DataInputView in) throws IOException {
        if (labels == null) {
            labels = new Labels();
        }
        return readString(present, bit, labels, in);
    }

    private String readString(int present, int bit, DataInputView in) throws IOException {
        return readString(present, bit, null, in);
    }

    private String readString(int present, int bit, Labels known, DataInputView in) throws IOException {
        if ((present & bit) == 0) {
            return null;
        }
        int header = in.readInt();
        int length = header >>> 1;
        if ((header & 1) != 0) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = in.readChar();
            }
            return new String(chars);
        }
        if (buffer == null || buffer.length < length) {
            buffer = new byte[Math.max(length, 256)];
        }
        in.readFully(buffer, 0, length);
        return known != null ? known.of(buffer, length) : new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static Long readLong(int present, int bit, DataInputView in) throws IOException {
        return (present & bit) != 0 ? in.readLong() : null;
    }

    private static Integer readInt(int present, int bit, DataInputView in) throws IOException {
        return (present & bit) != 0 ? in.readInt() : null;
    }

    private static Double readDouble(int present, int bit, DataInputView in) throws IOException {
        return (present & bit) != 0 ? in.readDouble() : null;
    }

    /** A new event each time: operators downstream may keep the ones they are given (the gate does). */
    @Override
    public GameEvent deserialize(GameEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    /** Every field is a primitive or immutable, so a copy shares them. */
    @Override
    public GameEvent copy(GameEvent from) {
        GameEvent e = new GameEvent();
        e.eventId = from.eventId;
        e.eventType = from.eventType;
        e.userId = from.userId;
        e.sessionId = from.sessionId;
        e.timestampMs = from.timestampMs;
        e.serverId = from.serverId;
        e.platform = from.platform;
        e.clientVersion = from.clientVersion;
        e.schemaVersion = from.schemaVersion;
        e.properties = from.properties;
        e.price = from.price;
        e.amount = from.amount;
        e.currency = from.currency;
        e.itemId = from.itemId;
        e.itemMarketPrice = from.itemMarketPrice;
        e.goldChange = from.goldChange;
        e.skillId = from.skillId;
        e.damage = from.damage;
        e.level = from.level;
        e.fromLevel = from.fromLevel;
        e.toLevel = from.toLevel;
        e.timeSpentMinutes = from.timeSpentMinutes;
        e.defenderId = from.defenderId;
        e.battleResult = from.battleResult;
        e.weaponId = from.weaponId;
        e.damageDealt = from.damageDealt;
        e.damageReceived = from.damageReceived;
        e.errorType = from.errorType;
        e.responseTimeMs = from.responseTimeMs;
        e.abTestGroup = from.abTestGroup;
        e.late = from.late;
        return e;
    }

    @Override
    public GameEvent copy(GameEvent from, GameEvent reuse) {
        return copy(from);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public GameEvent createInstance() {
        return new GameEvent();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public TypeSerializer<GameEvent> duplicate() {
        return new GameEventSerializer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GameEventSerializer;
    }

    @Override
    public int hashCode() {
        return GameEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<GameEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** What an unaligned checkpoint's in-flight events need to be read back. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<GameEvent> {
        public Snapshot() {
            super(GameEventSerializer::new);
        }
    }
}
