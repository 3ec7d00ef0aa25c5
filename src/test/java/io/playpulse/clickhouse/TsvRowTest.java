package io.playpulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TsvRow writes bytes straight into its buffer: checked against the plain encoding, String by String. */
class TsvRowTest {
    /** Characters of every kind the encoder treats apart: escapes, ASCII, 2- and 3-byte UTF-8, surrogates. */
    private static final char[] ALPHABET = {'\\', '\t', '\n', '\r', '\0', 'a', 'Z', '7', ' ', '\'', 'é', 'ß', 'ж',
            '가', '中', '\u20ac', '\ud83c', '\udfae', '\ud800', '\udfff', '\uffff'};

    @Test
    void stringsMatchTheirEscapedUtf8() {
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            String value = new String(chars);
            TsvRow row = new TsvRow();
            row.string(value);
            assertThat(bytes(row)).as("%s", value.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(reference(value));
        }
    }

    @Test
    void numbersMatchLongToString() {
        Random random = new Random(12);
        long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1_764_000_000_000L};
        for (long value : edges) {
            assertThat(new String(bytes(new TsvRow().int64(value)), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
        }
        for (int round = 0; round < 20_000; round++) {
            long value = random.nextLong() >> random.nextInt(64);
            assertThat(new String(bytes(new TsvRow().int64(value)), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
        }
        assertThat(new String(bytes(new TsvRow().dateTime(-1)), StandardCharsets.US_ASCII)).isEqualTo("-1");
    }

    @Test
    void theBufferGrowsForLongValues() {
        TsvRow row = new TsvRow();
        String big = "가".repeat(70_000);
        row.string(big).int64(42L).string(big);
        assertThat(bytes(row)).isEqualTo((big + "\t42\t" + big).getBytes(StandardCharsets.UTF_8));
    }

    /** TabSeparated's escapes, then UTF-8 by the JDK, which writes an unpaired surrogate as '?'. */
    private static byte[] reference(String value) {
        String escaped = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\0", "\\0");
        return escaped.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(TsvRow row) {
        return Arrays.copyOf(row.bytes(), row.size());
    }
}
