package io.playpulse.detect;

import io.playpulse.detect.DenseWindowGate.RecentEvents;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a gate's {@link RecentEvents}, one player's events in time order, as what changes from one
 * event to the next. Flink's POJO serializer writes each of an event's 31 fields with its own null
 * flag, the strings whole, every time; here each event starts from the one before it and writes
 * only the fields that differ (a bit mask), times as deltas, and each string as its index in a
 * table of the distinct strings written ahead of the events. The event type is written as its
 * name in that table, so reordering {@link EventType} cannot misread a checkpoint.
 *
 * <p>A gate never changes an event it holds, so {@link #copy} (what the heap backend makes of a
 * value changed while a snapshot is being written) copies the arrays and shares the events.
 * Savepoints from before this serializer hold the gate's state as a POJO: Flink reads them with
 * that serializer and writes them on with this one.
 */
public final class RecentEventsSerializer extends TypeSerializerSingleton<RecentEvents> {
    private static final long serialVersionUID = 1L;

    public static final RecentEventsSerializer INSTANCE = new RecentEventsSerializer();

    /** Every field of {@link GameEvent}, those that change most often from event to event first. */
    static final List<Field> FIELDS = List.of(
            new LongField("timestampMs", e -> e.timestampMs, (e, v) -> e.timestampMs = v),
            new StringField("eventType", e -> e.eventType == null ? null : e.eventType.name(),
                    (e, v) -> e.eventType = v == null ? null : EventType.valueOf(v)),
            new StringField("skillId", e -> e.skillId, (e, v) -> e.skillId = v),
            new NumberField<>("damage", e -> e.damage, (e, v) -> e.damage = v, Long::longValue, v -> v),
            new NumberField<>("damageDealt", e -> e.damageDealt, (e, v) -> e.damageDealt = v, Long::longValue, v -> v),
            new StringField("eventId", e -> e.eventId, (e, v) -> e.eventId = v),
            new StringField("properties", e -> e.properties, (e, v) -> e.properties = v),
            new StringField("sessionId", e -> e.sessionId, (e, v) -> e.sessionId = v),
            new StringField("serverId", e -> e.serverId, (e, v) -> e.serverId = v),
            new StringField("platform", e -> e.platform, (e, v) -> e.platform = v),
            new LongField("userId", e -> e.userId, (e, v) -> e.userId = v),
            new StringField("clientVersion", e -> e.clientVersion, (e, v) -> e.clientVersion = v),
            new StringField("schemaVersion", e -> e.schemaVersion, (e, v) -> e.schemaVersion = v),
            new NumberField<>("price", e -> e.price, (e, v) -> e.price = v, Long::longValue, v -> v),
            new NumberField<>("amount", e -> e.amount, (e, v) -> e.amount = v, Long::longValue, v -> v),
            new StringField("currency", e -> e.currency, (e, v) -> e.currency = v),
            new StringField("itemId", e -> e.itemId, (e, v) -> e.itemId = v),
            new NumberField<>("itemMarketPrice", e -> e.itemMarketPrice, (e, v) -> e.itemMarketPrice = v, Long::longValue, v -> v),
            new NumberField<>("goldChange", e -> e.goldChange, (e, v) -> e.goldChange = v, Long::longValue, v -> v),
            new NumberField<>("level", e -> e.level, (e, v) -> e.level = v, Integer::longValue, Math::toIntExact),
            new NumberField<>("fromLevel", e -> e.fromLevel, (e, v) -> e.fromLevel = v, Integer::longValue, Math::toIntExact),
            new NumberField<>("toLevel", e -> e.toLevel, (e, v) -> e.toLevel = v, Integer::longValue, Math::toIntExact),
            new NumberField<>("timeSpentMinutes", e -> e.timeSpentMinutes, (e, v) -> e.timeSpentMinutes = v,
                    Double::doubleToRawLongBits, Double::longBitsToDouble),
            new NumberField<>("defenderId", e -> e.defenderId, (e, v) -> e.defenderId = v, Long::longValue, v -> v),
            new StringField("battleResult", e -> e.battleResult, (e, v) -> e.battleResult = v),
            new StringField("weaponId", e -> e.weaponId, (e, v) -> e.weaponId = v),
            new NumberField<>("damageReceived", e -> e.damageReceived, (e, v) -> e.damageReceived = v, Long::longValue, v -> v),
            new StringField("errorType", e -> e.errorType, (e, v) -> e.errorType = v),
            new NumberField<>("responseTimeMs", e -> e.responseTimeMs, (e, v) -> e.responseTimeMs = v,
                    Double::doubleToRawLongBits, Double::longBitsToDouble),
            new StringField("abTestGroup", e -> e.abTestGroup, (e, v) -> e.abTestGroup = v),
            new FlagField("late", e -> e.late, (e, v) -> e.late = v));

    private static final GameEvent BLANK = new GameEvent();

    @Override
    public boolean isImmutableType() {
        return false;
    }

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
    public RecentEvents copy(RecentEvents from, RecentEvents reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RecentEvents r, DataOutputView out) throws IOException {
        GameEvent[] events = r.events;
        writeVarLong(events.length, out);
        for (int i = 0; i < events.length; i += Byte.SIZE) {
            int bits = 0;
            for (int j = i; j < Math.min(i + Byte.SIZE, events.length); j++) {
                bits |= r.passed[j] ? 1 << (j - i) : 0;
            }
            out.writeByte(bits);
        }
        Map<String, Integer> strings = new HashMap<>();
        GameEvent previous = BLANK;
        for (GameEvent e : events) {
            for (Field f : FIELDS) {
                if (f instanceof StringField s && !s.sameAs(e, previous)) {
                    String value = s.get.apply(e);
                    if (value != null) {
                        strings.putIfAbsent(value, strings.size());
                    }
                }
            }
            previous = e;
        }
        String[] table = new String[strings.size()];
        strings.forEach((s, index) -> table[index] = s);
        writeVarLong(table.length, out);
        for (String s : table) {
            StringValue.writeString(s, out);
        }
        previous = BLANK;
        for (GameEvent e : events) {
            long changed = 0;
            for (int f = 0; f < FIELDS.size(); f++) {
                changed |= FIELDS.get(f).sameAs(e, previous) ? 0 : 1L << f;
            }
            writeVarLong(changed, out);
            for (int f = 0; f < FIELDS.size(); f++) {
                if ((changed & 1L << f) != 0) {
                    FIELDS.get(f).write(e, previous, strings, out);
                }
            }
            previous = e;
        }
    }

    @Override
    public RecentEvents deserialize(DataInputView in) throws IOException {
        int n = Math.toIntExact(readVarLong(in));
        RecentEvents r = new RecentEvents();
        r.events = new GameEvent[n];
        r.passed = new boolean[n];
        for (int i = 0; i < n; i += Byte.SIZE) {
            int bits = in.readUnsignedByte();
            for (int j = i; j < Math.min(i + Byte.SIZE, n); j++) {
                r.passed[j] = (bits & 1 << (j - i)) != 0;
            }
        }
        String[] table = new String[Math.toIntExact(readVarLong(in))];
        for (int i = 0; i < table.length; i++) {
            table[i] = StringValue.readString(in);
        }
        GameEvent previous = BLANK;
        for (int i = 0; i < n; i++) {
            long changed = readVarLong(in);
            GameEvent e = new GameEvent();
            for (int f = 0; f < FIELDS.size(); f++) {
                Field field = FIELDS.get(f);
                if ((changed & 1L << f) != 0) {
                    field.read(e, previous, table, in);
                } else {
                    field.copy(previous, e);
                }
            }
            r.events[i] = e;
            previous = e;
        }
        return r;
    }

    @Override
    public RecentEvents deserialize(RecentEvents reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<RecentEvents> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads a checkpoint of this format; one of the POJO serializer (builds before it) is rewritten in it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RecentEvents> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<RecentEvents> resolveSchemaCompatibility(
                TypeSerializerSnapshot<RecentEvents> oldSerializerSnapshot) {
            if (oldSerializerSnapshot instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSerializerSnapshot);
        }
    }

    /** Seven bits a byte, low first: small counts, masks and time deltas take a byte or two. */
    static void writeVarLong(long value, DataOutputView out) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    /** Small differences of either sign take a byte or two. */
    private static void writeSignedVarLong(long value, DataOutputView out) throws IOException {
        writeVarLong(value << 1 ^ value >> 63, out);
    }

    private static long readSignedVarLong(DataInputView in) throws IOException {
        long zigzag = readVarLong(in);
        return zigzag >>> 1 ^ -(zigzag & 1);
    }

    /** One field of {@link GameEvent}: whether it differs from the previous event's, and how it is written. */
    abstract static class Field {
        final String name;

        Field(String name) {
            this.name = name;
        }

        abstract boolean sameAs(GameEvent e, GameEvent previous);

        abstract void write(GameEvent e, GameEvent previous, Map<String, Integer> strings, DataOutputView out) throws IOException;

        abstract void read(GameEvent e, GameEvent previous, String[] strings, DataInputView in) throws IOException;

        abstract void copy(GameEvent from, GameEvent to);
    }

    /** A string, null included, written as 0 for null or its index in the string table plus one. */
    private static final class StringField extends Field {
        final Function<GameEvent, String> get;
        private final BiConsumer<GameEvent, String> set;

        StringField(String name, Function<GameEvent, String> get, BiConsumer<GameEvent, String> set) {
            super(name);
            this.get = get;
            this.set = set;
        }

        @Override
        boolean sameAs(GameEvent e, GameEvent previous) {
            return Objects.equals(get.apply(e), get.apply(previous));
        }

        @Override
        void write(GameEvent e, GameEvent previous, Map<String, Integer> strings, DataOutputView out) throws IOException {
            String value = get.apply(e);
            writeVarLong(value == null ? 0 : strings.get(value) + 1, out);
        }

        @Override
        void read(GameEvent e, GameEvent previous, String[] strings, DataInputView in) throws IOException {
            int index = Math.toIntExact(readVarLong(in));
            set.accept(e, index == 0 ? null : strings[index - 1]);
        }

        @Override
        void copy(GameEvent from, GameEvent to) {
            set.accept(to, get.apply(from));
        }
    }

    /** A primitive long, written as its difference from the previous event's. */
    private static final class LongField extends Field {
        private final ToLongFunction<GameEvent> get;
        private final ObjLongConsumer<GameEvent> set;

        LongField(String name, ToLongFunction<GameEvent> get, ObjLongConsumer<GameEvent> set) {
            super(name);
            this.get = get;
            this.set = set;
        }

        @Override
        boolean sameAs(GameEvent e, GameEvent previous) {
            return get.applyAsLong(e) == get.applyAsLong(previous);
        }

        @Override
        void write(GameEvent e, GameEvent previous, Map<String, Integer> strings, DataOutputView out) throws IOException {
            writeSignedVarLong(get.applyAsLong(e) - get.applyAsLong(previous), out);
        }

        @Override
        void read(GameEvent e, GameEvent previous, String[] strings, DataInputView in) throws IOException {
            set.accept(e, get.applyAsLong(previous) + readSignedVarLong(in));
        }

        @Override
        void copy(GameEvent from, GameEvent to) {
            set.accept(to, get.applyAsLong(from));
        }
    }

    /** A nullable number, written as a presence byte and its 64 bits (a long, an int or a double's bits). */
    private static final class NumberField<N> extends Field {
        private final Function<GameEvent, N> get;
        private final BiConsumer<GameEvent, N> set;
        private final ToLongFunction<N> toBits;
        private final LongFunction<N> fromBits;

        NumberField(String name, Function<GameEvent, N> get, BiConsumer<GameEvent, N> set, ToLongFunction<N> toBits,
                LongFunction<N> fromBits) {
            super(name);
            this.get = get;
            this.set = set;
            this.toBits = toBits;
            this.fromBits = fromBits;
        }

        @Override
        boolean sameAs(GameEvent e, GameEvent previous) {
            return Objects.equals(get.apply(e), get.apply(previous));
        }

        @Override
        void write(GameEvent e, GameEvent previous, Map<String, Integer> strings, DataOutputView out) throws IOException {
            N value = get.apply(e);
            out.writeBoolean(value != null);
            if (value != null) {
                writeSignedVarLong(toBits.applyAsLong(value), out);
            }
        }

        @Override
        void read(GameEvent e, GameEvent previous, String[] strings, DataInputView in) throws IOException {
            set.accept(e, in.readBoolean() ? fromBits.apply(readSignedVarLong(in)) : null);
        }

        @Override
        void copy(GameEvent from, GameEvent to) {
            set.accept(to, get.apply(from));
        }
    }

    /** A boolean: a change flips it, so it takes no bytes beyond its bit in the mask. */
    private static final class FlagField extends Field {
        private final Predicate<GameEvent> get;
        private final BiConsumer<GameEvent, Boolean> set;

        FlagField(String name, Predicate<GameEvent> get, BiConsumer<GameEvent, Boolean> set) {
            super(name);
            this.get = get;
            this.set = set;
        }

        @Override
        boolean sameAs(GameEvent e, GameEvent previous) {
            return get.test(e) == get.test(previous);
        }

        @Override
        void write(GameEvent e, GameEvent previous, Map<String, Integer> strings, DataOutputView out) {}

        @Override
        void read(GameEvent e, GameEvent previous, String[] strings, DataInputView in) {
            set.accept(e, !get.test(previous));
        }

        @Override
        void copy(GameEvent from, GameEvent to) {
            set.accept(to, get.test(from));
        }
    }
}
