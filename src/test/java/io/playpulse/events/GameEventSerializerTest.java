package io.playpulse.events;

import static io.playpulse.events.RandomEvents.fieldValues;
import static io.playpulse.events.RandomEvents.instanceFields;
import static io.playpulse.events.RandomEvents.randomEvent;
import static io.playpulse.events.RandomEvents.randomValue;
import static io.playpulse.state.Serialized.bytes;
import static io.playpulse.state.Serialized.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The events sent to de-duplication: every field back as it was, every string to the last char. */
class GameEventSerializerTest {
    private static final GameEventSerializer SERIALIZER = new GameEventSerializer();

    @Test
    void eachFieldSetAloneComesBack() throws Exception {
        Random random = new Random(7);
        for (Field field : instanceFields()) {
            GameEvent e = new GameEvent();
            do {
                field.set(e, randomValue(field.getType(), random));
            } while (field.get(e) == null || field.get(e).equals(field.get(new GameEvent())));

            assertThat(fieldValues(roundTrip(SERIALIZER, e))).as(field.getName()).isEqualTo(fieldValues(e));
        }
    }

    @Test
    void randomEventsComeBackFieldForFieldAndTheirCopiesEqualThem() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            GameEvent e = randomEvent(random);
            assertThat(fieldValues(roundTrip(SERIALIZER, e))).isEqualTo(fieldValues(e));
            assertThat(fieldValues(SERIALIZER.copy(e))).isEqualTo(fieldValues(e));
        }
    }

    @Test
    void anyStringComesBackCharForCharUnpairedSurrogatesIncluded() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(600)];
            int widest = switch (i % 3) {
                case 0 -> 0x80;
                case 1 -> 0x100;
                default -> 0x10000;
            };
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) random.nextInt(widest);
            }
            GameEvent e = new GameEvent();
            e.properties = new String(chars);
            assertThat(roundTrip(SERIALIZER, e).properties).isEqualTo(e.properties);
        }
    }

    @Test
    void eventsWrittenOneAfterAnotherAreReadOneAfterAnotherByOneSerializer() throws Exception {
        Random random = new Random(11);
        GameEvent[] events = new GameEvent[200];
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (int i = 0; i < events.length; i++) {
            events[i] = randomEvent(random);
            SERIALIZER.serialize(events[i], out);
        }
        TypeSerializer<GameEvent> reader = SERIALIZER.duplicate();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        GameEvent[] back = new GameEvent[events.length];
        for (int i = 0; i < back.length; i++) {
            back[i] = reader.deserialize(in);
        }
        assertThat(in.available()).isZero();
        assertThat(fieldValues(back)).isEqualTo(fieldValues(events));
    }

    @Test
    void eventsReadByOneSerializerShareTheirLabelsButNotTheirIds() throws Exception {
        TypeSerializer<GameEvent> reader = SERIALIZER.duplicate();

        GameEvent first = readBack(reader, skillUse("3f0c7a52-5a43-4b6e-9d0e-2c8c3f1d7e11"));
        GameEvent second = readBack(reader, skillUse("9b1d2e3f-0a4b-4c5d-8e6f-7a8b9c0d1e2f"));

        assertThat(second.platform).isEqualTo("Android").isSameAs(first.platform);
        assertThat(second.serverId).isSameAs(first.serverId);
        assertThat(second.skillId).isSameAs(first.skillId);
        assertThat(second.currency).isSameAs(first.currency);
        assertThat(second.sessionId).isEqualTo(first.sessionId).isNotSameAs(first.sessionId);
        assertThat(second.eventId).isNotEqualTo(first.eventId);
    }

    @Test
    void moreDistinctLabelsThanTheSerializerKeepsAllComeBackExactly() throws Exception {
        TypeSerializer<GameEvent> reader = SERIALIZER.duplicate();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 10_000; i++) {
                GameEvent e = new GameEvent();
                e.platform = "platform-" + i;
                e.serverId = Integer.toString(i, 36);
                GameEvent back = readBack(reader, e);
                assertThat(back.platform).isEqualTo(e.platform);
                assertThat(back.serverId).isEqualTo(e.serverId);
            }
        }
    }

    private static GameEvent skillUse(String eventId) {
        GameEvent e = TestEvents.event(eventId, EventType.SKILL_USE, 1_234_567, RandomEvents.T0);
        e.platform = "Android";
        e.serverId = "kr-3";
        e.sessionId = "5d2f8c1a-7b3e-4f6a-9c0d-1e2f3a4b5c6d";
        e.skillId = "skill_3";
        e.currency = "KRW";
        return e;
    }

    /** Written by one serializer, read by {@code reader}. */
    private static GameEvent readBack(TypeSerializer<GameEvent> reader, GameEvent e) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        SERIALIZER.serialize(e, out);
        return reader.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void aTypicalEventTakesFewerBytesThanThePojoSerializerWrites() throws Exception {
        GameEvent e = TestEvents.event("3f0c7a52-5a43-4b6e-9d0e-2c8c3f1d7e11", EventType.SKILL_USE, 1_234_567,
                RandomEvents.T0);
        e.schemaVersion = "1.0";
        e.skillId = "skill_3";
        e.damage = 1_250L;
        e.properties = "{\"skill_id\":\"skill_3\",\"damage\":1250}";
        TypeSerializer<GameEvent> pojo = TypeInformation.of(GameEvent.class).createSerializer(new SerializerConfigImpl());

        assertThat(bytes(SERIALIZER, e)).isLessThan(bytes(pojo, e));
    }
}
