package io.playpulse.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;

/** Values written to a stream, as a heap snapshot writes them: each whole, in order, whatever their size, by any thread. */
class CompactSerializerTest {

    @Test
    void valuesOfEverySizeReachTheStreamWholeAndInOrder() throws Exception {
        Random random = new Random(7);
        int[] sizes = {0, 1, 255, 256, 4_000, CompactSerializer.STAGING_KEPT_BYTES + 1, 3, 2 * CompactSerializer.STAGING_KEPT_BYTES, 17};
        byte[][] values = new byte[sizes.length][];
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        DataOutputViewStreamWrapper snapshot = new DataOutputViewStreamWrapper(stream);
        for (int i = 0; i < sizes.length; i++) {
            values[i] = new byte[sizes[i]];
            random.nextBytes(values[i]);
            Bytes.INSTANCE.serialize(values[i], snapshot);
        }
        DataInputDeserializer in = new DataInputDeserializer(stream.toByteArray());
        for (byte[] value : values) {
            assertThat(Bytes.INSTANCE.deserialize(in)).isEqualTo(value);
        }
        assertThat(in.available()).as("nothing left over").isZero();
    }

    @Test
    void threadsWritingAtOnceEachGetTheirOwnValuesWhole() throws Exception {
        int threads = 4;
        int valuesEach = 2_000;
        ByteArrayOutputStream[] streams = new ByteArrayOutputStream[threads];
        Thread[] writers = new Thread[threads];
        Exception[] failures = new Exception[threads];
        for (int t = 0; t < threads; t++) {
            int writer = t;
            streams[t] = new ByteArrayOutputStream();
            DataOutputViewStreamWrapper snapshot = new DataOutputViewStreamWrapper(streams[t]);
            writers[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < valuesEach; i++) {
                        Bytes.INSTANCE.serialize(valueOf(writer, i), snapshot);
                    }
                } catch (Exception e) {
                    failures[writer] = e;
                }
            });
        }
        for (Thread w : writers) {
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        for (int t = 0; t < threads; t++) {
            assertThat(failures[t]).isNull();
            DataInputDeserializer in = new DataInputDeserializer(streams[t].toByteArray());
            for (int i = 0; i < valuesEach; i++) {
                assertThat(Bytes.INSTANCE.deserialize(in)).as("writer %d, value %d", t, i).isEqualTo(valueOf(t, i));
            }
            assertThat(in.available()).isZero();
        }
    }

    /** A value of its own per writer and index, of a length that varies with both. */
    private static byte[] valueOf(int writer, int index) {
        byte[] value = new byte[(writer * 31 + index * 7) % 300];
        Arrays.fill(value, (byte) (writer * 16 + index));
        return value;
    }

    /** Writes byte by byte, as the compact formats write their varints. */
    static final class Bytes extends CompactSerializer<byte[]> {
        private static final long serialVersionUID = 1L;
        static final Bytes INSTANCE = new Bytes();

        @Override
        protected void write(byte[] value, DataOutputView out) throws IOException {
            out.writeInt(value.length);
            for (byte b : value) {
                out.writeByte(b);
            }
        }

        @Override
        public byte[] deserialize(DataInputView in) throws IOException {
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            return value;
        }

        @Override
        public byte[] createInstance() {
            return new byte[0];
        }

        @Override
        public byte[] copy(byte[] from) {
            return from.clone();
        }

        @Override
        public TypeSerializerSnapshot<byte[]> snapshotConfiguration() {
            return new SimpleTypeSerializerSnapshot<>(() -> INSTANCE) {};
        }
    }
}
