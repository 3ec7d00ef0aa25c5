package io.playpulse.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the job's hand-written state serializers share: their values are mutable and of variable
 * length, and are always read anew (a reused value would have to be cleared field by field). Each
 * subclass writes, reads and copies its value.
 *
 * <p>A value goes to its stream in one piece. RocksDB hands the serializer a buffer already; the heap
 * backend's snapshot hands it a stream, through which each of the many small writes of a compact
 * format (a byte of a varint, a long) passes a stack of wrappers and the compressor's buffer one by
 * one. There the value is first written into the writing thread's buffer, which then goes on whole.
 */
public abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** Grows to the largest value its thread has written, up to {@link #STAGING_KEPT_BYTES}. */
    private static final ThreadLocal<DataOutputSerializer> STAGING =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(256));
    /** A buffer grown past this (a bot's hour of event ids, say) is let go once written, not kept by its thread. */
    static final int STAGING_KEPT_BYTES = 1 << 20;

    /**
     * Writes {@code value}'s bytes; {@link #serialize} decides where. {@code out} may be this thread's
     * staging buffer, so write only to {@code out}: never serialize to another stream from here.
     */
    protected abstract void write(T value, DataOutputView out) throws IOException;

    @Override
    public final void serialize(T value, DataOutputView out) throws IOException {
        if (out instanceof DataOutputSerializer) {
            write(value, out);
            return;
        }
        DataOutputSerializer staged = STAGING.get();
        staged.clear();
        write(value, staged);
        byte[] bytes = staged.getSharedBuffer();
        out.write(bytes, 0, staged.length());
        if (bytes.length > STAGING_KEPT_BYTES) {
            STAGING.remove();
        }
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }
}
