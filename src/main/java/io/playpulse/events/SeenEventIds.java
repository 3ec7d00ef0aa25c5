package io.playpulse.events;

import java.util.Arrays;
import java.util.UUID;

/**
 * The event ids one player sent within the de-duplication horizon, each with when it was first
 * seen, and the player's sweep time with them, so an event costs one state read. An id in the
 * canonical form of a UUID (lowercase, 8-4-4-4-12, as the generator and most clients write it) is
 * held as its 128 bits; any other id as its text. A lookup always compares the whole id: no hash
 * ever stands for one. {@link SeenEventIdsSerializer} writes it.
 *
 * <p>Two tables: the settled ids, and the ones remembered since a copy began to share them
 * ({@code recent}). While a checkpoint's snapshot runs, the heap backend copies a value before the
 * job changes it; a copy shares the settled table, which from then on neither changes, and clones
 * only the recent one. Copying the whole table instead cost each event in a snapshot a copy of its
 * player's every id: at an hour's horizon, hundreds. The recent table merges into a new settled one
 * at each sweep, and when it reaches twice the square root of the settled size, which keeps both a
 * copy and the merges' share per event near that root. While no copy shares the settled table (no
 * snapshot since the last merge), an event changes it in place, and the recent table stays empty.
 */
public final class SeenEventIds {
    /** What {@link #firstSeen(String)} returns for an id not held, and the sweep time when none is set. */
    public static final long NONE = Long.MIN_VALUE;

    private static final int UUID_LENGTH = 36;
    /** The recent table never merges smaller than this: below it a merge would cost more than the copies it saves. */
    private static final int MIN_RECENT_TO_MERGE = 8;

    private Table settled;
    private Table recent;
    /** How many ids of the recent table the settled one holds too, with an older time: so {@link #size} counts each once. */
    private int shadowed;
    /** Whether a copy shares the settled table: then neither may change it. */
    private boolean settledShared;
    private long sweepAt = NONE;

    public SeenEventIds() {
        this(0);
    }

    SeenEventIds(int expectedSize) {
        this(new Table(expectedSize), new Table(0), 0, false, NONE);
    }

    private SeenEventIds(Table settled, Table recent, int shadowed, boolean settledShared, long sweepAt) {
        this.settled = settled;
        this.recent = recent;
        this.shadowed = shadowed;
        this.settledShared = settledShared;
        this.sweepAt = sweepAt;
    }

    public int size() {
        return settled.size + recent.size - shadowed;
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
        Key key = new Key(id);
        int slot = recent.find(key);
        if (slot >= 0) {
            return recent.firstSeen[slot];
        }
        slot = settled.find(key);
        return slot >= 0 ? settled.firstSeen[slot] : NONE;
    }

    /** Remembers {@code id} as first seen at {@code at}, replacing an earlier time. */
    public void put(String id, long at) {
        rememberUnlessSeenAfter(id, Long.MAX_VALUE, at); // no time is after the last one
    }

    /**
     * The de-duplicator's one step per event, with one parse of the id: false when {@code id} was
     * first seen after {@code after} (a repeat, left as it is); otherwise remembers it as first seen
     * at {@code now} and returns true.
     */
    public boolean rememberUnlessSeenAfter(String id, long after, long now) {
        Key key = new Key(id);
        int slot = recent.find(key);
        if (slot >= 0) {
            if (recent.firstSeen[slot] > after) {
                return false;
            }
            recent.firstSeen[slot] = now;
            return true;
        }
        int held = settled.find(key);
        if (held >= 0 && settled.firstSeen[held] > after) {
            return false;
        }
        if (!settledShared) { // and so the recent table is empty
            if (held >= 0) {
                settled.firstSeen[held] = now;
            } else {
                settled.insert(key, held, now);
            }
            return true;
        }
        recent.insert(key, slot, now);
        if (held >= 0) {
            shadowed++; // the new time shadows the settled one, which must stay as the copies share it
        }
        if (recent.size >= MIN_RECENT_TO_MERGE && (long) recent.size * recent.size >= 4L * settled.size) {
            merge(NONE);
        }
        return true;
    }

    /**
     * Forgets every id first seen at or before {@code expiredBy}, and returns the oldest first-seen
     * time kept, or {@link #NONE} when none is. Lays the settled table out anew, with the recent
     * ids, when any id expired or the recent table holds any.
     */
    public long forgetUpTo(long expiredBy) {
        long[] oldest = {Long.MAX_VALUE};
        int[] kept = {0};
        forEachHeld((table, slot) -> {
            if (table.firstSeen[slot] > expiredBy) {
                kept[0]++;
                oldest[0] = Math.min(oldest[0], table.firstSeen[slot]);
            }
        });
        if (kept[0] < size() || recent.size > 0) {
            merge(expiredBy);
        }
        return oldest[0] == Long.MAX_VALUE ? NONE : oldest[0];
    }

    /** How many ids held are not UUIDs. */
    int textIds() {
        int[] n = {0};
        forEachHeld((table, slot) -> n[0] += table.text(slot) != null ? 1 : 0);
        return n[0];
    }

    /** What {@link #forEachUuid} hands each UUID id. */
    interface UuidVisitor<E extends Exception> {
        void visit(long high, long low, long firstSeen) throws E;
    }

    /** What {@link #forEachText} hands each other id. */
    interface TextVisitor<E extends Exception> {
        void visit(String id, long firstSeen) throws E;
    }

    /** Hands every UUID id held, once, to {@code visitor}. */
    <E extends Exception> void forEachUuid(UuidVisitor<E> visitor) throws E {
        forEachHeld((table, slot) -> {
            if (table.text(slot) == null) {
                visitor.visit(table.high[slot], table.low[slot], table.firstSeen[slot]);
            }
        });
    }

    /** Hands every id held that is not a UUID, once, to {@code visitor}. */
    <E extends Exception> void forEachText(TextVisitor<E> visitor) throws E {
        forEachHeld((table, slot) -> {
            if (table.text(slot) != null) {
                visitor.visit(table.text(slot), table.firstSeen[slot]);
            }
        });
    }

    /** Adds a UUID id known to be absent, as the serializer reads it back: only before the value is shared. */
    void putUuid(long hi, long lo, long at) {
        settled.putUuid(hi, lo, at);
    }

    /** Adds an id that is not a UUID, known to be absent, as the serializer reads it back: only before the value is shared. */
    void putText(String id, long at) {
        Key key = new Key(id);
        settled.insert(key, settled.find(key), at);
    }

    /** How many ids the recent table holds: what a copy clones. */
    int recentSize() {
        return recent.size;
    }

    /** A copy that shares the settled table, which from then on neither changes, and clones the recent one. */
    SeenEventIds copy() {
        settledShared = true;
        return new SeenEventIds(settled, recent.copy(), shadowed, true, sweepAt);
    }

    /** What {@link #forEachHeld} hands each id held: its table and slot. */
    private interface SlotVisitor<E extends Exception> {
        void visit(Table table, int slot) throws E;
    }

    /** Hands every id held, once, to {@code visitor}: the recent table's, then the settled ones no recent time shadows. */
    private <E extends Exception> void forEachHeld(SlotVisitor<E> visitor) throws E {
        for (int i = 0; i < recent.slots(); i++) {
            if (recent.occupied(i)) {
                visitor.visit(recent, i);
            }
        }
        for (int i = 0; i < settled.slots(); i++) {
            if (settled.occupied(i) && !isShadowed(i)) {
                visitor.visit(settled, i);
            }
        }
    }

    /** Whether the id in the settled table's {@code slot} is held in the recent table too. */
    private boolean isShadowed(int slot) {
        return shadowed > 0 && recent.find(Key.at(settled, slot)) >= 0;
    }

    /** Builds a new settled table from both, keeping only the ids first seen after {@code expiredBy}; empties the recent one. */
    private void merge(long expiredBy) {
        Table merged = new Table(size());
        forEachHeld((table, slot) -> {
            if (table.firstSeen[slot] > expiredBy) {
                Key key = Key.at(table, slot);
                merged.insert(key, merged.find(key), table.firstSeen[slot]);
            }
        });
        settled = merged;
        settledShared = false;
        recent = new Table(0);
        shadowed = 0;
    }

    /** An id as a table compares it: a canonical UUID's 128 bits, parsed once, or else its text. */
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

        private Key(long high, long low) {
            this.id = null;
            this.uuid = true;
            this.high = high;
            this.low = low;
        }

        /** The id in {@code table}'s occupied {@code slot}. */
        static Key at(Table table, int slot) {
            String text = table.text(slot);
            return text != null ? new Key(text) : new Key(table.high[slot], table.low[slot]);
        }

        long hash() {
            return uuid ? uuidHash(high, low) : mix(id.hashCode());
        }
    }

    /**
     * Ids with the times they were first seen: an open-addressing hash table (linear probing) in
     * parallel arrays, under a third of the heap a map of strings takes.
     */
    private static final class Table {
        private static final int MIN_CAPACITY = 4;
        /** An empty table's arrays: shared, as nothing can change an array of no slots. */
        private static final long[] NO_SLOTS = new long[0];

        long[] high;
        long[] low;
        long[] firstSeen;
        /** The text of each id that is not a UUID; null until the first such id. */
        String[] text;
        int size;

        Table(int expectedSize) {
            allocate(capacityFor(expectedSize));
        }

        private Table() {}

        Table copy() {
            Table copy = new Table();
            if (slots() == 0) {
                copy.high = copy.low = copy.firstSeen = NO_SLOTS;
                return copy;
            }
            copy.high = high.clone();
            copy.low = low.clone();
            copy.firstSeen = firstSeen.clone();
            copy.text = text == null ? null : text.clone();
            copy.size = size;
            return copy;
        }

        int slots() {
            return firstSeen.length;
        }

        boolean occupied(int slot) {
            return firstSeen[slot] != NONE;
        }

        String text(int slot) {
            return text == null ? null : text[slot];
        }

        /** The slot holding {@code key}, or {@code -(slot where it would go) - 1}. */
        int find(Key key) {
            if (slots() == 0) {
                return -1;
            }
            int slot = probe(key.hash());
            while (firstSeen[slot] != NONE) {
                String held = text == null ? null : text[slot];
                if (key.uuid ? held == null && high[slot] == key.high && low[slot] == key.low : key.id.equals(held)) {
                    return slot;
                }
                slot = (slot + 1) & (slots() - 1);
            }
            return -slot - 1;
        }

        /** Adds {@code key}, absent, at the empty slot {@link #find} returned, growing the table first when it is full. */
        void insert(Key key, int notFound, long at) {
            int slot = -notFound - 1;
            if (size + 1 > slots() * 3 / 4) {
                grow();
                slot = -find(key) - 1;
            }
            if (key.uuid) {
                high[slot] = key.high;
                low[slot] = key.low;
            } else {
                if (text == null) {
                    text = new String[slots()];
                }
                text[slot] = key.id;
            }
            firstSeen[slot] = at;
            size++;
        }

        /** Adds a UUID known to be absent. */
        void putUuid(long hi, long lo, long at) {
            if (size + 1 > slots() * 3 / 4) {
                grow();
            }
            int slot = probe(uuidHash(hi, lo));
            while (firstSeen[slot] != NONE) {
                slot = (slot + 1) & (slots() - 1);
            }
            high[slot] = hi;
            low[slot] = lo;
            firstSeen[slot] = at;
            size++;
        }

        private void grow() {
            long[] oldHigh = high;
            long[] oldLow = low;
            long[] oldSeen = firstSeen;
            String[] oldText = text;
            allocate(Math.max(MIN_CAPACITY, slots() * 2));
            for (int i = 0; i < oldSeen.length; i++) {
                if (oldSeen[i] == NONE) {
                    continue;
                }
                if (oldText != null && oldText[i] != null) {
                    Key key = new Key(oldText[i]);
                    insert(key, find(key), oldSeen[i]);
                } else {
                    putUuid(oldHigh[i], oldLow[i], oldSeen[i]);
                }
            }
        }

        private void allocate(int capacity) {
            if (capacity == 0) {
                high = low = firstSeen = NO_SLOTS;
                text = null;
                size = 0;
                return;
            }
            high = new long[capacity];
            low = new long[capacity];
            firstSeen = new long[capacity];
            Arrays.fill(firstSeen, NONE);
            text = null;
            size = 0;
        }

        private int probe(long hash) {
            return (int) hash & (slots() - 1);
        }

        /** None for no ids; else the smallest power of two, at least {@link #MIN_CAPACITY}, that holds {@code ids} at most three quarters full. */
        private static int capacityFor(int ids) {
            if (ids == 0) {
                return 0;
            }
            int capacity = MIN_CAPACITY;
            while (ids > capacity * 3 / 4) {
                capacity *= 2;
            }
            return capacity;
        }
    }

    private static long uuidHash(long high, long low) {
        return mix(high * 31 + low);
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
        if (!(o instanceof SeenEventIds other) || other.size() != size() || other.sweepAt != sweepAt) {
            return false;
        }
        boolean[] same = {true};
        forEachUuid((hi, lo, at) -> same[0] &= other.firstSeen(new UUID(hi, lo).toString()) == at);
        forEachText((id, at) -> same[0] &= other.firstSeen(id) == at);
        return same[0];
    }

    @Override
    public int hashCode() {
        long[] sum = {sweepAt};
        forEachUuid((hi, lo, at) -> sum[0] += new UUID(hi, lo).toString().hashCode() ^ at);
        forEachText((id, at) -> sum[0] += id.hashCode() ^ at);
        return Long.hashCode(sum[0]);
    }

    @Override
    public String toString() {
        return "SeenEventIds{" + size() + " ids, sweep at " + sweepAt + "}";
    }
}
