package io.playpulse.events;

import java.nio.charset.StandardCharsets;

/**
 * One {@link String} per label (a platform, server, currency, skill...) for all the events one
 * reader reads. Each event read across a shuffle would otherwise bring its own copies, and the
 * events the keyed operators keep (the gate's recent actions, the player's presence and cells, CEP's
 * buffers) kept them all: 85 s into a live run at 20,000 events/s the heap held 7.2 million strings,
 * and sharing the labels took its live set from 1,390 to 1,120 MB. Labels are looked up by their ASCII bytes, so one already known costs no
 * allocation. Once the table is three quarters full a new label is read as a new string each time:
 * however many distinct values the input holds, the table stays bounded and every value is read
 * exactly.
 */
final class Labels {
    /** A power of two; a few hundred labels of a few kinds are what a game has. */
    private static final int SLOTS = 4096;
    private static final int MAX_LABELS = SLOTS / 4 * 3;

    private final String[] slots = new String[SLOTS];
    private int size;

    /** The label whose Latin-1 bytes are {@code bytes[0, length)}. */
    String of(byte[] bytes, int length) {
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + bytes[i];
        }
        for (int slot = mix(hash) & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
            String known = slots[slot];
            if (known == null) {
                String label = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                if (size < MAX_LABELS) {
                    slots[slot] = label;
                    size++;
                }
                return label;
            }
            if (sameChars(known, bytes, length)) {
                return known;
            }
        }
    }

    private static boolean sameChars(String known, byte[] bytes, int length) {
        if (known.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known.charAt(i) != (char) (bytes[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static int mix(int hash) {
        return hash ^ hash >>> 16;
    }
}
