package io.playpulse.detect;

import static io.playpulse.events.RandomEvents.T0;
import static io.playpulse.events.RandomEvents.fieldValues;
import static io.playpulse.events.RandomEvents.instanceFields;
import static io.playpulse.events.RandomEvents.randomEvent;
import static io.playpulse.events.RandomEvents.randomValue;
import static io.playpulse.state.Serialized.bytes;
import static io.playpulse.state.Serialized.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The gate's state written as what changes from event to event: every field back as it was, in far fewer bytes. */
class RecentActionsSerializerTest {
    private static final RecentActionsSerializer SERIALIZER = RecentActionsSerializer.INSTANCE;
    /** What the writer has written since 2026-12-02 for the value in theBytesAreTheOnesEarlierCheckpointsHold. */
    private static final int EARLIER_LENGTH = 851;
    private static final String EARLIER_SHA_256 = "a89b69fef022ae4adbda1f13b4f0f9a69d63d20d6c807dbc94004399a742916c";

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

    /**
     * A value that takes every path of the writer (strings repeated and new, nulls, tens of distinct
     * strings) is written byte for byte as this format always has been: a faster writer must still
     * write what the checkpoints of earlier builds hold, and read them.
     */
    @Test
    void theBytesAreTheOnesEarlierCheckpointsHold() throws Exception {
        RecentActions r = new RecentActions();
        r.events = new GameEvent[40];
        r.passed = new byte[40];
        for (int i = 0; i < 40; i++) {
            GameEvent e = new GameEvent();
            e.eventType = i % 5 == 0 ? EventType.PVP_BATTLE : EventType.SKILL_USE;
            e.userId = 1_234_567;
            e.sessionId = i < 25 ? "3f0c7a52-5a43-4b6e-9d0e-2c8c3f1d7e11" : "9b1d2e3f-0a4b-4c5d-8e6f-7a8b9c0d1e2f";
            e.timestampMs = T0 + i * 250L;
            e.serverId = "kr-" + i % 3;
            e.platform = i % 7 == 0 ? null : "Android";
            e.skillId = e.eventType == EventType.SKILL_USE ? "skill_" + i : null;
            e.damage = e.eventType == EventType.SKILL_USE ? 1_000L + i : null;
            e.damageDealt = e.eventType == EventType.PVP_BATTLE ? 2_000L + i : null;
            r.events[i] = e;
            r.passed[i] = (byte) (i % 8);
        }
        DataOutputSerializer out = new DataOutputSerializer(1024);
        SERIALIZER.serialize(r, out);

        assertThat(out.length()).isEqualTo(EARLIER_LENGTH);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.getCopyOfBuffer())))
                .isEqualTo(EARLIER_SHA_256);
        assertThat(fieldValues(roundTrip(SERIALIZER, r).events)).isEqualTo(fieldValues(r.events));
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
}
