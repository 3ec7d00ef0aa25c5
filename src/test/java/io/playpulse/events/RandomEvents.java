package io.playpulse.events;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Events with every field set at random, found by reflection, for the tests of the serializers
 * that spell out {@link GameEvent}'s fields: a field added to the event and not to a serializer
 * fails them.
 */
public final class RandomEvents {
    public static final long T0 = 1_700_000_000_000L;

    /** Strings a player's events repeat, and the awkward ones: empty, NUL, Korean, an emoji, a lone surrogate, Latin-1, long. */
    private static final String[] REPEATED = {"kr-1", "iOS", "", "스킬_1", "\u0000", "x".repeat(300), "😀", "\uD800",
        "café", "\u007F"};

    private RandomEvents() {}

    /** Every field set at random, by its type: null, repeated from a short list (as a player's events repeat them), or anything. */
    public static GameEvent randomEvent(Random random) {
        GameEvent e = new GameEvent();
        try {
            for (Field field : instanceFields()) {
                field.set(e, randomValue(field.getType(), random));
            }
        } catch (IllegalAccessException ex) {
            throw new AssertionError(ex);
        }
        return e;
    }

    /** Every field of the event. */
    public static List<Field> instanceFields() {
        return Arrays.stream(GameEvent.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }

    /** Every field as name=value text, each event a list: NaN and -0.0 compare as themselves. */
    public static List<List<Object>> fieldValues(GameEvent... events) throws IllegalAccessException {
        List<List<Object>> all = new ArrayList<>();
        for (GameEvent e : events) {
            List<Object> values = new ArrayList<>();
            for (Field f : instanceFields()) {
                values.add(f.getName() + "=" + f.get(e));
            }
            all.add(values);
        }
        return all;
    }

    /** A value of the field type, or null (a third of the time for a nullable type). */
    public static Object randomValue(Class<?> type, Random random) {
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

    private static long anyLong(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> T0 + random.nextInt(60_000);
            default -> random.nextLong();
        };
    }
}
