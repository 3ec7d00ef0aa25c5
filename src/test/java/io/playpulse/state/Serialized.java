package io.playpulse.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/** A value written and read back, or its size written, for the serializers' tests. */
public final class Serialized {
    private Serialized() {}

    public static <T> int bytes(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.length();
    }

    /**
     * The value written then read back, every byte read. It is also written twice to a stream, as a
     * heap snapshot writes it: each copy must hold the very bytes RocksDB's buffer holds.
     */
    public static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        byte[] written = out.getCopyOfBuffer();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        DataOutputViewStreamWrapper snapshot = new DataOutputViewStreamWrapper(stream);
        serializer.serialize(value, snapshot);
        serializer.serialize(value, snapshot);
        byte[] twice = new byte[2 * written.length];
        System.arraycopy(written, 0, twice, 0, written.length);
        System.arraycopy(written, 0, twice, written.length, written.length);
        assertThat(stream.toByteArray()).as("written twice to a stream").isEqualTo(twice);
        DataInputDeserializer in = new DataInputDeserializer(written);
        T back = serializer.deserialize(in);
        assertThat(in.available()).as("read to the end").isZero();
        return back;
    }
}
