package io.playpulse.events;

/** The encoding rules of the event contract: UTF-8 JSON, and text that UTF-8 can represent. */
final class TextEncoding {
    private TextEncoding() {}

    /**
     * The name of the Unicode encoding other than UTF-8 that {@code bytes} are in, or null. JSON
     * starts with ASCII, so a byte order mark or a zero byte among the first four bytes marks
     * UTF-16 or UTF-32 (RFC 4627, section 3; Jackson's own detection). A UTF-8 byte order mark is
     * UTF-8 and allowed.
     */
    static String detectNonUtf8(byte[] bytes) {
        int b0 = at(bytes, 0), b1 = at(bytes, 1), b2 = at(bytes, 2), b3 = at(bytes, 3);
        if (b0 == 0x00 && b1 == 0x00 && b2 == 0xFE && b3 == 0xFF) {
            return "UTF-32BE with a byte order mark";
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0x00 && b3 == 0x00) {
            return "UTF-32LE with a byte order mark";
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return "UTF-16BE with a byte order mark";
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return "UTF-16LE with a byte order mark";
        }
        int limit = Math.min(4, bytes.length);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == 0) {
                return "UTF-16 or UTF-32 (a zero byte at offset " + i + ")";
            }
        }
        return null;
    }

    /** True when {@code s} holds a surrogate that is not half of a pair: UTF-8 cannot encode it. */
    static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static int at(byte[] bytes, int i) {
        return i < bytes.length ? bytes[i] & 0xFF : -1;
    }
}
