package io.playpulse.migration;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copies a Flink POJO into a class of another name with the same public fields, nested POJOs and
 * arrays of them included: how a state class that only moved is carried from an earlier build's
 * frozen copy into the current one. Fails unless both classes have exactly the same field names,
 * so a field can never be dropped on the way.
 */
public final class SameFields {
    private SameFields() {}

    public static <T> T copy(Object from, Class<T> to) {
        if (from == null) {
            return null;
        }
        try {
            Map<String, Field> source = fields(from.getClass());
            Map<String, Field> target = fields(to);
            if (!source.keySet().equals(target.keySet())) {
                throw new IllegalArgumentException(from.getClass().getName() + " has fields " + source.keySet()
                        + " but " + to.getName() + " has " + target.keySet());
            }
            T copy = to.getConstructor().newInstance();
            for (Field field : target.values()) {
                field.set(copy, value(source.get(field.getName()).get(from), field.getType()));
            }
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + from.getClass().getName() + " into " + to.getName(), e);
        }
    }

    private static Object value(Object value, Class<?> type) {
        if (value == null || type.isPrimitive() || type == String.class || type.getName().startsWith("java.")) {
            return value;
        }
        if (type.isArray()) {
            Class<?> element = type.getComponentType();
            if (element.isPrimitive() || element == String.class) {
                return value;
            }
            int length = Array.getLength(value);
            Object array = Array.newInstance(element, length);
            for (int i = 0; i < length; i++) {
                Array.set(array, i, copy(Array.get(value, i), element));
            }
            return array;
        }
        return copy(value, type);
    }

    /** The public instance fields, by name: the fields Flink's POJO serializer writes. */
    static Map<String, Field> fields(Class<?> type) {
        Map<String, Field> fields = new TreeMap<>();
        Arrays.stream(type.getFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .forEach(f -> fields.put(f.getName(), f));
        return fields;
    }
}
