package io.playpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Flink's own contract for serializers (the inherited tests: copies, sequences, snapshots and
 * duplicates), and what a restore needs of this one: every id back with its time, and a copy that
 * a running snapshot can keep while the job changes the original.
 */
class SeenEventIdsSerializerTest extends SerializerTestBase<SeenEventIds> {

    @Test
    void aTableReadBackHoldsEveryIdAtItsTimeAndItsSweep() throws Exception {
        SeenEventIds written = getTestData()[1];
        DataOutputSerializer out = new DataOutputSerializer(64);
        SeenEventIdsSerializer.INSTANCE.serialize(written, out);
        SeenEventIds read = SeenEventIdsSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.size()).isEqualTo(3);
        assertThat(read.sweepAt()).isEqualTo(900);
        assertThat(read.firstSeen("4f8c7e2a-0b1d-4c3e-9a5f-6d7e8f9a0b1c")).isEqualTo(10);
        assertThat(read.firstSeen("retry-me")).isEqualTo(11);
        assertThat(read.firstSeen("4F8C7E2A-0B1D-4C3E-9A5F-6D7E8F9A0B1C")).as("upper case is another id").isEqualTo(12);
        assertThat(read.firstSeen("never-sent")).isEqualTo(SeenEventIds.NONE);
    }

    @Test
    void aCopyStaysAsItWasWhenTheOriginalChanges() {
        SeenEventIds original = getTestData()[1];
        SeenEventIds copy = SeenEventIdsSerializer.INSTANCE.copy(original);
        original.put("retry-me", 99); // in place, in the same slot
        original.put("later", 20);

        assertThat(copy.size()).isEqualTo(3);
        assertThat(copy.firstSeen("retry-me")).isEqualTo(11);
        assertThat(copy.firstSeen("later")).isEqualTo(SeenEventIds.NONE);
    }

    @Override
    protected TypeSerializer<SeenEventIds> createSerializer() {
        return SeenEventIdsSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SeenEventIds> getTypeClass() {
        return SeenEventIds.class;
    }

    @Override
    protected SeenEventIds[] getTestData() {
        SeenEventIds empty = new SeenEventIds();
        SeenEventIds mixed = new SeenEventIds();
        mixed.put("4f8c7e2a-0b1d-4c3e-9a5f-6d7e8f9a0b1c", 10);
        mixed.put("retry-me", 11);
        mixed.put("4F8C7E2A-0B1D-4C3E-9A5F-6D7E8F9A0B1C", 12);
        mixed.setSweepAt(900);
        SeenEventIds many = new SeenEventIds();
        for (int i = 0; i < 1_000; i++) {
            many.put(new UUID(i, -i).toString(), i);
        }
        many.put("", 5);
        many.setSweepAt(3_600_000);
        return new SeenEventIds[] {empty, mixed, many};
    }
}
