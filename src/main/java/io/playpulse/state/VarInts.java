package io.playpulse.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Variable-length whole numbers for the compact state serializers: counts, bit masks and time
 * deltas, which are small, take a byte or two instead of eight.
 */
public final class VarInts {
    private VarInts() {}

    /** Seven bits a byte, low first. */
    public static void writeVarLong(long value, DataOutputView out) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    public static long readVarLong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    public static int readVarInt(DataInputView in) throws IOException {
        return Math.toIntExact(readVarLong(in));
    }

    /** Zigzag: small numbers of either sign take a byte or two. */
    public static void writeSignedVarLong(long value, DataOutputView out) throws IOException {
        writeVarLong(value << 1 ^ value >> 63, out);
    }

    public static long readSignedVarLong(DataInputView in) throws IOException {
        long zigzag = readVarLong(in);
        return zigzag >>> 1 ^ -(zigzag & 1);
    }
}
