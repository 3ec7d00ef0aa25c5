package io.playpulse.detect;

import static io.playpulse.state.Serialized.bytes;
import static io.playpulse.state.Serialized.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** The gate's state written as what changes from event to event: every field back as it was, in far fewer bytes. */
class RecentActionsSerializerTest {
    private static final RecentActionsSerializer SERIALIZER = RecentActionsSerializer.INSTANCE;
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void eachFieldOfAGameEventChangedAloneComesBack() throws Exception {
        Random random = new Random(7);
        for (java.lang.reflect.Field field : instanceFields()) {
            GameEvent changed = new GameEvent();
            do {
                field.set(changed, randomValue(field.getType(), random));
            } while (field.get(changed) == null || field.get(changed).equals(field.get(new GameEvent())));
            RecentActions r = new RecentActions();
            r.events = new GameEvent[] {new GameEvent(), changed, new GameEvent()};
            r.passed = new byte[3];

            assertThat(fieldValues(roundTrip(SERIALIZER, r).events)).as(field.getName()).isEqualTo(fieldValues(r.events));
        }
    }

    @Test
    void randomEventsComeBackFieldForField() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            RecentActions r = new RecentActions();
            int n = random.nextInt(40);
            r.events = new GameEvent[n];
            r.passed = new byte[n];
            for (int i = 0; i < n; i++) {
                r.events[i] = randomEvent(random);
                r.passed[i] = (byte) random.nextInt(256);
            }
            RecentActions back = roundTrip(SERIALIZER, r);
            assertThat(back.passed).isEqualTo(r.passed);
            assertThat(fieldValues(back.events)).isEqualTo(fieldValues(r.events));
        }
    }

    @Test
    void aSkillBurstTakesUnderAFifthOfWhatThePojoSerializerWrites() throws Exception {
        RecentActions burst = new RecentActions();
        burst.events = new GameEvent[60];
        burst.passed = new byte[60];
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
        TypeSerializer<RecentActions> pojo = TypeInformation.of(RecentActions.class).createSerializer(new SerializerConfigImpl());

        int compact = bytes(SERIALIZER, burst);
        int asPojo = bytes(pojo, burst);

        assertThat(compact).as("%d bytes against the POJO serializer's %d", compact, asPojo).isLessThan(asPojo / 5);
        assertThat(fieldValues(roundTrip(SERIALIZER, burst).events)).isEqualTo(fieldValues(burst.events));
    }

    @Test
    void aCopySharesTheEventsButNotWhichWerePassed() {
        RecentActions r = new RecentActions();
        r.insert(randomEvent(new Random(1)));

        RecentActions copy = SERIALIZER.copy(r);
        copy.markPassedTo(0, 2);

        assertThat(r.passedTo(0, 2)).isFalse();
        assertThat(copy.events[0]).isSameAs(r.events[0]);
    }

    /** Every field as name=value text, each event a list: NaN and -0.0 compare as themselves. */
    private static List<List<Object>> fieldValues(GameEvent[] events) throws IllegalAccessException {
        List<List<Object>> all = new ArrayList<>();
        for (GameEvent e : events) {
            List<Object> values = new ArrayList<>();
            for (java.lang.reflect.Field f : instanceFields()) {
                values.add(f.getName() + "=" + f.get(e));
            }
            all.add(values);
        }
        return all;
    }


    /** Every field set at random, by its type: null, repeated from a short list (as a player's events repeat them), or anything. */
    private static GameEvent randomEvent(Random random) {
        GameEvent e = new GameEvent();
        try {
            for (java.lang.reflect.Field field : instanceFields()) {
                field.set(e, randomValue(field.getType(), random));
            }
        } catch (IllegalAccessException ex) {
            throw new AssertionError(ex);
        }
        return e;
    }

    private static List<java.lang.reflect.Field> instanceFields() {
        return Arrays.stream(GameEvent.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }

    private static Object randomValue(Class<?> type, Random random) {
        if (type == long.class) {
            return anyLong(random);
        }
        if (type == boolean.class) {
            return random.nextBoolean();
        }
        if (random.nextInt(3) == 0) {
            return null;
        }
        if (type == String.class) {
            return random.nextBoolean() ? REPEATED[random.nextInt(REPEATED.length)] : Long.toString(random.nextLong(), 36);
        }
        if (type == Long.class) {
            return anyLong(random);
        }
        if (type == Integer.class) {
            return switch (random.nextInt(3)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                default -> random.nextInt();
            };
        }
        if (type == Double.class) {
            return switch (random.nextInt(4)) {
                case 0 -> Double.NaN;
                case 1 -> -0.0;
                case 2 -> Double.NEGATIVE_INFINITY;
                default -> random.nextDouble() * 1e6;
            };
        }
        if (type == EventType.class) {
            return EventType.values()[random.nextInt(EventType.values().length)];
        }
        throw new AssertionError("a GameEvent field of a type this test does not fill: " + type);
    }

    private static final String[] REPEATED = {"kr-1", "iOS", "", "스킬_1", "\u0000", "x".repeat(300)};

    private static long anyLong(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> T0 + random.nextInt(60_000);
            default -> random.nextLong();
        };
    }
}
