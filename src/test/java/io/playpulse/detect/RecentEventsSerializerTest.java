package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.detect.DenseWindowGate.RecentEvents;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The gate's state written as what changes from event to event: every field back as it was, in far fewer bytes. */
class RecentEventsSerializerTest {
    private static final RecentEventsSerializer SERIALIZER = RecentEventsSerializer.INSTANCE;
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void writesEveryFieldOfAGameEvent() {
        var declared = Arrays.stream(GameEvent.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(java.lang.reflect.Field::getName)
                .toList();
        assertThat(RecentEventsSerializer.FIELDS).extracting(f -> f.name).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void randomEventsComeBackFieldForField() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            RecentEvents r = new RecentEvents();
            int n = random.nextInt(40);
            r.events = new GameEvent[n];
            r.passed = new boolean[n];
            for (int i = 0; i < n; i++) {
                r.events[i] = randomEvent(random);
                r.passed[i] = random.nextBoolean();
            }
            RecentEvents back = roundTrip(SERIALIZER, r);
            assertThat(back.passed).isEqualTo(r.passed);
            assertThat(fieldValues(back.events)).isEqualTo(fieldValues(r.events));
        }
    }

    @Test
    void aSkillBurstTakesUnderAFifthOfWhatThePojoSerializerWrites() throws Exception {
        RecentEvents burst = new RecentEvents();
        burst.events = new GameEvent[60];
        burst.passed = new boolean[60];
        for (int i = 0; i < 60; i++) {
            GameEvent e = new GameEvent();
            e.eventType = i % 3 == 0 ? EventType.PVP_BATTLE : EventType.SKILL_USE;
            e.userId = 1_234_567;
            e.sessionId = "3f0c7a52-5a43-4b6e-9d0e-2c8c3f1d7e11";
            e.timestampMs = T0 + i * 180L;
            e.serverId = "kr-3";
            e.platform = "Android";
            e.skillId = e.eventType == EventType.SKILL_USE ? "skill_" + i % 4 : null;
            e.damage = e.eventType == EventType.SKILL_USE ? 1_000L + i : null;
            e.damageDealt = e.eventType == EventType.PVP_BATTLE ? 2_000L + i : null;
            burst.events[i] = e;
        }
        TypeSerializer<RecentEvents> pojo = TypeInformation.of(RecentEvents.class).createSerializer(new SerializerConfigImpl());

        int compact = bytes(SERIALIZER, burst);
        int asPojo = bytes(pojo, burst);

        assertThat(compact).as("%d bytes against the POJO serializer's %d", compact, asPojo).isLessThan(asPojo / 5);
        assertThat(fieldValues(roundTrip(SERIALIZER, burst).events)).isEqualTo(fieldValues(burst.events));
    }

    @Test
    void aCopySharesTheEventsButNotWhichWerePassed() {
        RecentEvents r = new RecentEvents();
        r.insert(randomEvent(new Random(1)));

        RecentEvents copy = SERIALIZER.copy(r);
        copy.passed[0] = true;

        assertThat(r.passed[0]).isFalse();
        assertThat(copy.events[0]).isSameAs(r.events[0]);
    }

    /** Every field as name=value text, each event a list: NaN and -0.0 compare as themselves. */
    private static List<List<Object>> fieldValues(GameEvent[] events) throws IllegalAccessException {
        List<List<Object>> all = new ArrayList<>();
        for (GameEvent e : events) {
            List<Object> values = new ArrayList<>();
            for (java.lang.reflect.Field f : GameEvent.class.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    values.add(f.getName() + "=" + f.get(e));
                }
            }
            all.add(values);
        }
        return all;
    }

    private static int bytes(TypeSerializer<RecentEvents> serializer, RecentEvents r) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(r, out);
        return out.length();
    }

    private static RecentEvents roundTrip(TypeSerializer<RecentEvents> serializer, RecentEvents r) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(r, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        RecentEvents back = serializer.deserialize(in);
        assertThat(in.available()).as("read to the end").isZero();
        return back;
    }

    /** Each field null, repeated from a short list (as a player's events repeat them), or anything, extremes included. */
    private static GameEvent randomEvent(Random random) {
        GameEvent e = new GameEvent();
        e.eventId = random.nextInt(4) == 0 ? null : UUID.randomUUID().toString();
        e.eventType = random.nextInt(10) == 0 ? null : EventType.values()[random.nextInt(EventType.values().length)];
        e.userId = anyLong(random);
        e.sessionId = string(random);
        e.timestampMs = anyLong(random);
        e.serverId = string(random);
        e.platform = string(random);
        e.clientVersion = string(random);
        e.schemaVersion = string(random);
        e.properties = string(random);
        e.price = boxedLong(random);
        e.amount = boxedLong(random);
        e.currency = string(random);
        e.itemId = string(random);
        e.itemMarketPrice = boxedLong(random);
        e.goldChange = boxedLong(random);
        e.skillId = string(random);
        e.damage = boxedLong(random);
        e.level = random.nextBoolean() ? null : random.nextInt();
        e.fromLevel = random.nextBoolean() ? null : Integer.MIN_VALUE;
        e.toLevel = random.nextBoolean() ? null : Integer.MAX_VALUE;
        e.timeSpentMinutes = random.nextBoolean() ? null : random.nextBoolean() ? Double.NaN : random.nextDouble() * 1e6;
        e.defenderId = boxedLong(random);
        e.battleResult = string(random);
        e.weaponId = string(random);
        e.damageDealt = boxedLong(random);
        e.damageReceived = boxedLong(random);
        e.errorType = string(random);
        e.responseTimeMs = random.nextBoolean() ? null : -0.0;
        e.abTestGroup = string(random);
        e.late = random.nextBoolean();
        return e;
    }

    private static final String[] REPEATED = {"kr-1", "iOS", "", "스킬_1", "\u0000", "x".repeat(300)};

    private static String string(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> REPEATED[random.nextInt(REPEATED.length)];
            default -> Long.toString(random.nextLong(), 36);
        };
    }

    private static long anyLong(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> T0 + random.nextInt(60_000);
            default -> random.nextLong();
        };
    }

    private static Long boxedLong(Random random) {
        return random.nextBoolean() ? null : anyLong(random);
    }
}
