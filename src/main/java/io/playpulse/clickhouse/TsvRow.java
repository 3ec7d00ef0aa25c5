package io.playpulse.clickhouse;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * Rows in ClickHouse's TabSeparated input format, encoded into one growing buffer: the body of one
 * INSERT. Values go in column order; nothing here can fail on a value (every Java string, number and
 * null has an encoding the server parses), so no element can make a sink throw.
 */
public final class TsvRow {
    private byte[] buffer = new byte[64 * 1024];
    private int size;
    private int rows;
    private boolean firstInRow = true;

    /** Ends the current row. */
    void endRow() {
        put((byte) '\n');
        rows++;
        firstInRow = true;
    }

    int rows() {
        return rows;
    }

    int size() {
        return size;
    }

    byte[] bytes() {
        return buffer;
    }

    void clear() {
        size = 0;
        rows = 0;
        firstInRow = true;
    }

    /**
     * Text, UTF-8, with TabSeparated escapes. An unpaired surrogate (which UTF-8 cannot represent)
     * becomes '?', as {@link String#getBytes} would make it. Null is {@code \N} (Nullable columns).
     */
    public TsvRow string(String value) {
        separate();
        if (value == null) {
            putNull();
            return this;
        }
        int n = value.length();
        // At most 3 bytes per char (an escape takes 2, a surrogate pair 4 for its 2 chars): one check per value.
        ensure(3 * n);
        byte[] b = buffer;
        int at = size;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> at = put2(b, at, '\\', '\\');
                    case '\t' -> at = put2(b, at, '\\', 't');
                    case '\n' -> at = put2(b, at, '\\', 'n');
                    case '\r' -> at = put2(b, at, '\\', 'r');
                    case '\0' -> at = put2(b, at, '\\', '0');
                    default -> b[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                b[at++] = (byte) (0xF0 | (cp >> 18));
                b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[at++] = '?';
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = at;
        return this;
    }

    private static int put2(byte[] b, int at, char first, char second) {
        b[at] = (byte) first;
        b[at + 1] = (byte) second;
        return at + 2;
    }

    public TsvRow int64(long value) {
        separate();
        putDecimal(value);
        return this;
    }

    public TsvRow int64(Long value) {
        return value == null ? nullValue() : int64(value.longValue());
    }

    public TsvRow int32(Integer value) {
        return value == null ? nullValue() : int64(value.longValue());
    }

    /** A Float64; NaN and the infinities in ClickHouse's spelling. */
    public TsvRow float64(Double value) {
        if (value == null) {
            return nullValue();
        }
        separate();
        double d = value;
        if (Double.isNaN(d)) {
            putAscii("nan");
        } else if (Double.isInfinite(d)) {
            putAscii(d > 0 ? "inf" : "-inf");
        } else {
            putAscii(Double.toString(d));
        }
        return this;
    }

    /** A UInt8 0 or 1. */
    public TsvRow flag(boolean value) {
        separate();
        put((byte) (value ? '1' : '0'));
        return this;
    }

    /** A Date, as yyyy-MM-dd of the UTC day. */
    public TsvRow date(long epochMs) {
        separate();
        putAscii(LocalDate.ofEpochDay(Math.floorDiv(epochMs, 86_400_000L)).toString());
        return this;
    }

    /** A DateTime, as epoch seconds (the text format accepts a Unix timestamp; no time zone is involved). */
    public TsvRow dateTime(long epochMs) {
        separate();
        putDecimal(Math.floorDiv(epochMs, 1000));
        return this;
    }

    private TsvRow nullValue() {
        separate();
        putNull();
        return this;
    }

    private void separate() {
        if (firstInRow) {
            firstInRow = false;
        } else {
            put((byte) '\t');
        }
    }

    private void putNull() {
        ensure(2);
        size = put2(buffer, size, '\\', 'N');
    }

    /** Decimal digits written straight into the buffer: no String per number. */
    private void putDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            putAscii(Long.toString(value));
            return;
        }
        ensure(20);
        if (value < 0) {
            buffer[size++] = '-';
            value = -value;
        }
        int first = size;
        do {
            buffer[size++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = first, j = size - 1; i < j; i++, j--) {
            byte digit = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = digit;
        }
    }

    private void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer[size++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
