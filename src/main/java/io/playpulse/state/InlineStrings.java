package io.playpulse.state;

import static io.playpulse.state.VarInts.readVarInt;
import static io.playpulse.state.VarInts.writeVarLong;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The strings of one value, each written whole where it first appears and as a one-byte reference
 * after that: a player's platform, currency and server repeat in most of its entries. A reference
 * is 0 for null, the string's position in the table plus one, or the table's size plus one for a
 * string that follows inline. One pass, no table ahead of the value.
 */
public final class InlineStrings {
    private String[] table = new String[4];
    private int size;

    /** Writes {@code s} as a reference, or inline the first time. */
    public void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        for (int i = 0; i < size; i++) {
            if (table[i] == s || table[i].equals(s)) {
                writeVarLong(i + 1, out);
                return;
            }
        }
        add(s);
        writeVarLong(size, out);
        StringValue.writeString(s, out);
    }

    /** Reads what {@link #write} wrote, in the same order; the strings read are shared between entries. */
    public String read(DataInputView in) throws IOException {
        int reference = readVarInt(in);
        if (reference == 0) {
            return null;
        }
        if (reference <= size) {
            return table[reference - 1];
        }
        if (reference != size + 1) {
            throw new IOException("string reference " + reference + " with " + size + " strings read");
        }
        String s = StringValue.readString(in);
        add(s);
        return s;
    }

    private void add(String s) {
        if (size == table.length) {
            table = Arrays.copyOf(table, size * 2);
        }
        table[size++] = s;
    }
}
