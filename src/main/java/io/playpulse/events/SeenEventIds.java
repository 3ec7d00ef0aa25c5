package io.playpulse.events;

import java.util.Arrays;
import java.util.UUID;

/**
 * The event ids one player sent within the de-duplication horizon, each with when it was first
 * seen: an open-addressing hash table (linear probing) in parallel arrays, under a third of the
 * heap a map of strings takes, and the player's sweep time with it, so an event costs one state
 * read. An id in the canonical form of a UUID (lowercase, 8-4-4-4-12, as the generator and most
 * clients write it) is held as its 128 bits; any other id as its text. A lookup always compares the
 * whole id: no hash ever stands for one. {@link SeenEventIdsSerializer} writes it.
 */
public final class SeenEventIds {
    /** {@link #firstSeen} of an empty slot, and what {@link #firstSeen(String)} returns for an id not held. */
    public static final long NONE = Long.MIN_VALUE;

    private static final int MIN_CAPACITY = 4;
    private static final int UUID_LENGTH = 36;

    private long[] high;
    private long[] low;
    private long[] firstSeen;
    /** The text of each id that is not a UUID; null until the first such id. */
    private String[] text;
    private int size;
    private long sweepAt = NONE;

    public SeenEventIds() {
        this(0);
    }

    SeenEventIds(int expectedSize) {
        allocate(capacityFor(expectedSize));
    }

    public int size() {
        return size;
    }

    /** The processing time of the pending sweep, or {@link #NONE}. */
    public long sweepAt() {
        return sweepAt;
    }

    public void setSweepAt(long sweepAt) {
        this.sweepAt = sweepAt;
    }

    /** When {@code id} was first seen, or {@link #NONE}. */
    public long firstSeen(String id) {
        int slot = find(new Key(id));
        return slot >= 0 ? firstSeen[slot] : NONE;
    }

    /** Remembers {@code id} as first seen at {@code at}, replacing an earlier time. */
    public void put(String id, long at) {
        rememberUnlessSeenAfter(id, Long.MAX_VALUE, at); // no time is after the last one
    }

    /**
     * The de-duplicator's one step per event, with one parse of the id and one probe: false when
     * {@code id} was first seen after {@code after} (a repeat, left as it is); otherwise remembers it
     * as first seen at {@code now} and returns true.
     */
    public boolean rememberUnlessSeenAfter(String id, long after, long now) {
        Key key = new Key(id);
        int slot = find(key);
        if (slot < 0) {
            insert(key, slot, now);
            return true;
        }
        if (firstSeen[slot] > after) {
            return false;
        }
        firstSeen[slot] = now;
        return true;
    }

    /**
     * Forgets every id first seen at or before {@code expiredBy}, and returns the oldest first-seen
     * time kept, or {@link #NONE} when none is.
     */
    public long forgetUpTo(long expiredBy) {
        long oldest = Long.MAX_VALUE;
        int kept = 0;
        for (long seen : firstSeen) {
            if (seen != NONE && seen > expiredBy) {
                kept++;
                oldest = Math.min(oldest, seen);
            }
        }
        if (kept < size) {
            rebuild(capacityFor(kept), expiredBy);
        }
        return kept == 0 ? NONE : oldest;
    }

    /** How many ids held are not UUIDs. */
    int textIds() {
        int n = 0;
        if (text != null) {
            for (String id : text) {
                n += id == null ? 0 : 1;
            }
        }
        return n;
    }

    // The slots, for the serializer: slot i holds an id when occupied(i), as text(i) when that is
    // not null, else as the UUID high(i), low(i).
    int slots() {
        return firstSeen.length;
    }

    boolean occupied(int slot) {
        return firstSeen[slot] != NONE;
    }

    String text(int slot) {
        return text == null ? null : text[slot];
    }

    long high(int slot) {
        return high[slot];
    }

    long low(int slot) {
        return low[slot];
    }

    long firstSeenAt(int slot) {
        return firstSeen[slot];
    }

    /** Adds an id known to be absent, as the serializer reads it back. */
    void putUuid(long hi, long lo, long at) {
        if (size + 1 > capacity() * 3 / 4) {
            grow();
        }
        int slot = probe(mix(hi * 31 + lo));
        while (firstSeen[slot] != NONE) {
            slot = (slot + 1) & (capacity() - 1);
        }
        high[slot] = hi;
        low[slot] = lo;
        firstSeen[slot] = at;
        size++;
    }

    SeenEventIds copy() {
        SeenEventIds copy = new SeenEventIds();
        copy.high = high.clone();
        copy.low = low.clone();
        copy.firstSeen = firstSeen.clone();
        copy.text = text == null ? null : text.clone();
        copy.size = size;
        copy.sweepAt = sweepAt;
        return copy;
    }

    /** An id as the table compares it: a canonical UUID's 128 bits, parsed once, or else its text. */
    private static final class Key {
        final String id;
        final boolean uuid;
        final long high;
        final long low;

        Key(String id) {
            this.id = id;
            this.uuid = isCanonicalUuid(id);
            this.high = uuid ? uuidHigh(id) : 0;
            this.low = uuid ? uuidLow(id) : 0;
        }

        long hash() {
            return mix(uuid ? high * 31 + low : id.hashCode());
        }
    }

    /** The slot holding {@code key}, or {@code -(slot where it would go) - 1}. */
    private int find(Key key) {
        int slot = probe(key.hash());
        while (firstSeen[slot] != NONE) {
            String held = text == null ? null : text[slot];
            if (key.uuid ? held == null && high[slot] == key.high && low[slot] == key.low : key.id.equals(held)) {
                return slot;
            }
            slot = (slot + 1) & (capacity() - 1);
        }
        return -slot - 1;
    }

    /** Adds {@code key}, absent, at the empty slot {@link #find} returned, growing the table first when it is full. */
    private void insert(Key key, int notFound, long at) {
        int slot = -notFound - 1;
        if (size + 1 > capacity() * 3 / 4) {
            grow();
            slot = -find(key) - 1;
        }
        if (key.uuid) {
            high[slot] = key.high;
            low[slot] = key.low;
        } else {
            if (text == null) {
                text = new String[capacity()];
            }
            text[slot] = key.id;
        }
        firstSeen[slot] = at;
        size++;
    }

    private void grow() {
        rebuild(capacity() * 2, NONE);
    }

    /** Re-lays the table at {@code capacity}, keeping only the ids first seen after {@code expiredBy}. */
    private void rebuild(int capacity, long expiredBy) {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldSeen = firstSeen;
        String[] oldText = text;
        allocate(capacity);
        for (int i = 0; i < oldSeen.length; i++) {
            if (oldSeen[i] == NONE || oldSeen[i] <= expiredBy) {
                continue;
            }
            if (oldText != null && oldText[i] != null) {
                put(oldText[i], oldSeen[i]);
            } else {
                putUuid(oldHigh[i], oldLow[i], oldSeen[i]);
            }
        }
    }

    private void allocate(int capacity) {
        high = new long[capacity];
        low = new long[capacity];
        firstSeen = new long[capacity];
        Arrays.fill(firstSeen, NONE);
        text = null;
        size = 0;
    }

    private int capacity() {
        return firstSeen.length;
    }

    private int probe(long hash) {
        return (int) hash & (capacity() - 1);
    }

    /** The smallest power of two, at least {@link #MIN_CAPACITY}, that holds {@code ids} at most three quarters full. */
    private static int capacityFor(int ids) {
        int capacity = MIN_CAPACITY;
        while (ids > capacity * 3 / 4) {
            capacity *= 2;
        }
        return capacity;
    }

    /** A 64-bit finalizer (MurmurHash3's fmix64): every bit of the key moves the slot. */
    private static long mix(long key) {
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        key ^= key >>> 33;
        return key;
    }

    /** Exactly what {@link UUID#toString()} writes, so the 128 bits give back the same text. */
    static boolean isCanonicalUuid(String id) {
        if (id.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = id.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static long uuidHigh(String id) {
        return hex(id, 0, 8) << 32 | hex(id, 9, 13) << 16 | hex(id, 14, 18);
    }

    private static long uuidLow(String id) {
        return hex(id, 19, 23) << 48 | hex(id, 24, 36);
    }

    private static long hex(String id, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = id.charAt(i);
            value = value << 4 | (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        return value;
    }

    /** Equal when they hold the same ids, first seen at the same times, and the same sweep. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeenEventIds other) || other.size != size || other.sweepAt != sweepAt) {
            return false;
        }
        for (int i = 0; i < slots(); i++) {
            if (occupied(i) && other.firstSeen(idAt(i)) != firstSeen[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        long sum = sweepAt;
        for (int i = 0; i < slots(); i++) {
            if (occupied(i)) {
                sum += idAt(i).hashCode() ^ firstSeen[i];
            }
        }
        return Long.hashCode(sum);
    }

    private String idAt(int slot) {
        return text(slot) != null ? text(slot) : new UUID(high[slot], low[slot]).toString();
    }

    @Override
    public String toString() {
        return "SeenEventIds{" + size + " ids, sweep at " + sweepAt + "}";
    }
}
