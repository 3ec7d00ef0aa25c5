package io.playpulse.events;

import java.util.UUID;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's own contract for serializers: copies, sequences, snapshots and duplicates. */
class SeenEventIdsSerializerTest extends SerializerTestBase<SeenEventIds> {

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
