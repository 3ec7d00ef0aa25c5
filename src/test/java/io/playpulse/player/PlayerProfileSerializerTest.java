package io.playpulse.player;

import static io.playpulse.state.Serialized.bytes;
import static io.playpulse.state.Serialized.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** The churn profile written field by field: every field back as it was, in fewer bytes. */
class PlayerProfileSerializerTest {
    private static final PlayerProfileSerializer SERIALIZER = PlayerProfileSerializer.INSTANCE;
    private static final long T0 = PlayedState.T0;

    @Test
    void randomProfilesComeBackAndCopyFieldForField() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 1_000; round++) {
            PlayerProfile p = randomProfile(random);
            assertSameFields(roundTrip(SERIALIZER, p), p);
            assertSameFields(SERIALIZER.copy(p), p);
        }
    }

    @Test
    void eachFieldChangedAloneComesBack() throws Exception {
        Random random = new Random(7);
        for (Field field : instanceFields()) {
            PlayerProfile p = new PlayerProfile();
            field.set(p, randomValue(field, random));
            assertThat(roundTrip(SERIALIZER, p)).as(field.getName()).usingRecursiveComparison()
                    .withEqualsForType(Double::equals, Double.class).isEqualTo(p);
        }
    }

    @Test
    void aWeekOfPlayTakesUnderHalfOfWhatThePojoSerializerWrites() throws Exception {
        PlayerProfile p = new PlayerProfile();
        EventType[] play = EventType.values();
        for (int i = 0; i < 2_000; i++) {
            GameEvent e = TestEvents.event("e" + i, play[i % play.length], 7, T0 + i * 300_000L);
            e.price = 1_200L;
            e.currency = "KRW";
            p.apply(e, 0.07);
        }
        TypeSerializer<PlayerProfile> pojo = TypeInformation.of(PlayerProfile.class).createSerializer(new SerializerConfigImpl());

        int compact = bytes(SERIALIZER, p);
        int asPojo = bytes(pojo, p);

        assertThat(compact).as("%d bytes against the POJO serializer's %d", compact, asPojo).isLessThan(asPojo / 2);
        assertSameFields(roundTrip(SERIALIZER, p), p);
    }

    @Test
    void aCopyChangesNothingOfTheOriginalWhenAnEventIsApplied() throws Exception {
        PlayerProfile original = new PlayerProfile();
        original.apply(TestEvents.event("a", EventType.USER_LOGIN, 7, T0), 1.0);
        PlayerProfile before = roundTrip(SERIALIZER, original);

        PlayerProfile copy = SERIALIZER.copy(original);
        copy.apply(TestEvents.event("b", EventType.SKILL_USE, 7, T0 + 2 * PlayerProfile.DAY), 1.0);

        assertSameFields(original, before);
        assertThat(copy.recentEvents).isNotEqualTo(before.recentEvents);
    }

    /** Field for field; a double by its bits, so that NaN equals NaN and -0.0 differs from 0.0. */
    private static void assertSameFields(PlayerProfile actual, PlayerProfile expected) {
        assertThat(actual).usingRecursiveComparison().withEqualsForType(Double::equals, Double.class).isEqualTo(expected);
    }

    private static PlayerProfile randomProfile(Random random) throws IllegalAccessException {
        PlayerProfile p = new PlayerProfile();
        for (Field field : instanceFields()) {
            field.set(p, randomValue(field, random));
        }
        return p;
    }

    /** By the field's type: extremes (Long.MIN_VALUE stands for "none"), times near T0, small counts, nulls. */
    private static Object randomValue(Field field, Random random) {
        Class<?> type = field.getType();
        if (type == long.class) {
            return switch (random.nextInt(5)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> random.nextLong();
                case 3 -> (long) random.nextInt(1_000);
                default -> T0 + random.nextInt(1_000_000_000);
            };
        }
        if (type == long[].class) {
            long[] counts = new long[random.nextInt(15)];
            Arrays.setAll(counts, i -> random.nextBoolean() ? random.nextInt(100) : random.nextLong());
            return counts;
        }
        if (type == int.class) {
            return random.nextInt();
        }
        if (type == boolean.class) {
            return random.nextBoolean();
        }
        if (type == double.class) {
            double[] choices = {0.0, -0.0, Double.NaN, random.nextDouble() * 1e6, Double.MAX_VALUE};
            return choices[random.nextInt(choices.length)];
        }
        if (type == String.class) {
            String[] choices = {null, "", "kr-1", "Android", "한국"};
            return choices[random.nextInt(choices.length)];
        }
        throw new AssertionError("no random value for " + field);
    }

    private static java.util.List<Field> instanceFields() {
        return Arrays.stream(PlayerProfile.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }
}
