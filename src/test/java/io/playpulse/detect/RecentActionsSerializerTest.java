package io.playpulse.detect;

import static io.playpulse.events.RandomEvents.T0;
import static io.playpulse.events.RandomEvents.randomEvent;
import static io.playpulse.events.RandomEvents.randomValue;
import static io.playpulse.state.Serialized.bytes;
import static io.playpulse.state.Serialized.roundTrip;
import static io.playpulse.state.VarInts.writeVarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playpulse.events.EventType;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/** The gate's state written as what changes from action to action: every field back as it was, in far fewer bytes. */
class RecentActionsSerializerTest {
    private static final RecentActionsSerializer SERIALIZER = RecentActionsSerializer.INSTANCE;
    private static final List<Field> ACTION_FIELDS =
            Arrays.stream(Action.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    /** What the writer has written since 2026-12-02 for the value in theBytesAreTheOnesEarlierCheckpointsHold. */
    private static final int EARLIER_LENGTH = 851;
    private static final String EARLIER_SHA_256 = "a89b69fef022ae4adbda1f13b4f0f9a69d63d20d6c807dbc94004399a742916c";

    @Test
    void eachFieldOfAnActionChangedAloneComesBack() throws Exception {
        Random random = new Random(7);
        for (Field field : ACTION_FIELDS) {
            Action changed = new Action();
            do {
                field.set(changed, randomValue(field.getType(), random));
            } while (field.get(changed) == null || field.get(changed).equals(field.get(new Action())));
            RecentActions r = new RecentActions();
            r.actions = new Action[] {new Action(), changed, new Action()};
            r.passed = new byte[3];
            r.count = 3;

            assertThat(fieldValues(roundTrip(SERIALIZER, r))).as(field.getName()).isEqualTo(fieldValues(r));
        }
    }

    @Test
    void randomActionsComeBackFieldForField() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            RecentActions r = new RecentActions();
            int n = random.nextInt(40);
            r.actions = new Action[n];
            r.passed = new byte[n];
            r.count = n;
            for (int i = 0; i < n; i++) {
                r.actions[i] = Action.of(randomEvent(random));
                r.passed[i] = (byte) random.nextInt(256);
            }
            RecentActions back = roundTrip(SERIALIZER, r);
            assertThat(back.passed).isEqualTo(r.passed);
            assertThat(fieldValues(back)).isEqualTo(fieldValues(r));
        }
    }

    @Test
    void aSkillBurstTakesUnderAFifthOfWhatThePojoSerializerWrites() throws Exception {
        RecentActions burst = new RecentActions();
        burst.actions = new Action[60];
        burst.passed = new byte[60];
        burst.count = 60;
        for (int i = 0; i < 60; i++) {
            Action e = new Action();
            e.eventType = i % 3 == 0 ? EventType.PVP_BATTLE : EventType.SKILL_USE;
            e.userId = 1_234_567;
            e.sessionId = "3f0c7a52-5a43-4b6e-9d0e-2c8c3f1d7e11";
            e.timestampMs = T0 + i * 180L;
            e.serverId = "kr-3";
            e.platform = "Android";
            e.skillId = e.eventType == EventType.SKILL_USE ? "skill_" + i % 4 : null;
            e.damage = e.eventType == EventType.SKILL_USE ? 1_000L + i : null;
            e.damageDealt = e.eventType == EventType.PVP_BATTLE ? 2_000L + i : null;
            burst.actions[i] = e;
        }
        TypeSerializer<RecentActions> pojo = TypeInformation.of(RecentActions.class).createSerializer(new SerializerConfigImpl());

        int compact = bytes(SERIALIZER, burst);
        int asPojo = bytes(pojo, burst);

        assertThat(compact).as("%d bytes against the POJO serializer's %d", compact, asPojo).isLessThan(asPojo / 5);
        assertThat(fieldValues(roundTrip(SERIALIZER, burst))).isEqualTo(fieldValues(burst));
    }

    /**
     * {@link #fortyActions} is written byte for byte as this format always has been: a faster writer
     * must still write what the checkpoints of earlier builds hold, and read them.
     */
    @Test
    void theBytesAreTheOnesEarlierCheckpointsHold() throws Exception {
        RecentActions r = fortyActions();
        byte[] written = bytesOf(r);

        assertThat(written).hasSize(EARLIER_LENGTH);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(written))).isEqualTo(EARLIER_SHA_256);
        assertThat(fieldValues(roundTrip(SERIALIZER, r))).isEqualTo(fieldValues(r));
    }

    /** The room a value keeps to grow in is not part of it: written as the same bytes as without, and read back without. */
    @Test
    void roomToGrowIsNeitherWrittenNorReadBack() throws Exception {
        RecentActions exact = fortyActions();
        RecentActions roomy = fortyActions();
        roomy.actions = Arrays.copyOf(roomy.actions, 64);
        roomy.passed = Arrays.copyOf(roomy.passed, 64);
        roomy.passed[50] = (byte) 0xff; // what a forgotten action may leave behind

        assertThat(bytesOf(roomy)).isEqualTo(bytesOf(exact));
        RecentActions back = roundTrip(SERIALIZER, roomy);
        assertThat(back.count).isEqualTo(40);
        assertThat(fieldValues(back)).isEqualTo(fieldValues(exact));
        assertThat(Arrays.copyOf(back.passed, back.count)).isEqualTo(Arrays.copyOf(exact.passed, 40));
    }

    @Test
    void aCopySharesTheActionsButNotWhichWerePassed() {
        RecentActions r = new RecentActions();
        r.insert(Action.of(randomEvent(new Random(1))));

        RecentActions copy = SERIALIZER.copy(r);
        copy.markPassedTo(0, 2);

        assertThat(r.passedTo(0, 2)).isFalse();
        assertThat(copy.actions[0]).isSameAs(r.actions[0]);
    }

    /** A gate only ever held the pattern fields: a value with any other is not one of its values, and is not misread as one. */
    @Test
    void refusesAnActionWithAFieldNoGateKeeps() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        writeVarLong(1, out); // one action
        out.writeByte(0); // passed to no stretch
        writeVarLong(1, out); // one string
        StringValue.writeString("e-1", out);
        long eventIdBit = 1L << 5; // when the format spelled out every field of an event
        writeVarLong(eventIdBit, out);
        writeVarLong(1, out);

        assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("fields no gate keeps");
    }

    /**
     * A value that takes every path of the writer (strings repeated and new, nulls, tens of distinct
     * strings).
     */
    private static RecentActions fortyActions() {
        RecentActions r = new RecentActions();
        r.actions = new Action[40];
        r.passed = new byte[40];
        r.count = 40;
        for (int i = 0; i < 40; i++) {
            Action e = new Action();
            e.eventType = i % 5 == 0 ? EventType.PVP_BATTLE : EventType.SKILL_USE;
            e.userId = 1_234_567;
            e.sessionId = i < 25 ? "3f0c7a52-5a43-4b6e-9d0e-2c8c3f1d7e11" : "9b1d2e3f-0a4b-4c5d-8e6f-7a8b9c0d1e2f";
            e.timestampMs = T0 + i * 250L;
            e.serverId = "kr-" + i % 3;
            e.platform = i % 7 == 0 ? null : "Android";
            e.skillId = e.eventType == EventType.SKILL_USE ? "skill_" + i : null;
            e.damage = e.eventType == EventType.SKILL_USE ? 1_000L + i : null;
            e.damageDealt = e.eventType == EventType.PVP_BATTLE ? 2_000L + i : null;
            r.actions[i] = e;
            r.passed[i] = (byte) (i % 8);
        }
        return r;
    }

    private static byte[] bytesOf(RecentActions r) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        SERIALIZER.serialize(r, out);
        return out.getCopyOfBuffer();
    }

    /** Every field of each action as name=value text: NaN and -0.0 would compare as themselves. */
    private static List<List<String>> fieldValues(RecentActions r) throws IllegalAccessException {
        List<List<String>> all = new ArrayList<>();
        for (Action a : Arrays.copyOf(r.actions, r.count)) {
            List<String> values = new ArrayList<>();
            for (Field f : ACTION_FIELDS) {
                values.add(f.getName() + "=" + f.get(a));
            }
            all.add(values);
        }
        return all;
    }
}
