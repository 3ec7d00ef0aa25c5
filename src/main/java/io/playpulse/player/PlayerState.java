package io.playpulse.player;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything {@link PlayerActivity} keeps about one player, in one value so that an event costs one
 * state read and one write: the presence timeline, the distinct-player cells the player has opened
 * in windows that are still open, and the player's first activity per day and platform. Written by
 * {@link PlayerStateSerializer}; still a Flink POJO (arrays, never collections), so that it can
 * travel between the savepoint migration's steps.
 *
 * <p>A cell is its window's end, a key ({@link #cellKey}: which {@link FirstIn} cell, and the event
 * type and level where the cell has them) and its dimension (the event's platform or currency, or
 * null): numbers and a string the event already holds, so opening one allocates nothing.
 */
public class PlayerState {
    private static final int INITIAL_CELLS = 8;

    /** Null when the player has been offline long enough that nothing about it can change. */
    public PresenceTimeline presence;

    /**
     * Open distinct-player cells: key, dimension and the end of each one's window, the first {@link
     * #cellCount} of each array. The arrays keep room to grow: a player opens cells with most events
     * and they expire minutes later, which reallocated three arrays each time.
     */
    public long[] cellKeys = new long[0];
    public String[] cellDimensions = new String[0];
    public long[] cellEnds = new long[0];
    public int cellCount;

    /** First activity per day and platform: the platform, its minute (which names the day), and whether it made the player new. */
    public String[] dailyPlatforms = new String[0];
    public long[] dailyFirstMinutes = new long[0];
    public boolean[] dailyNew = new boolean[0];

    /** The minute end of the presence tick registered, or Long.MIN_VALUE. */
    public long tickEnd = Long.MIN_VALUE;
    /** The clean-up timer registered: the latest instant anything here expires. */
    public long wakeAt = Long.MIN_VALUE;

    public PlayerState() {}

    /**
     * A cell's key: which cell ({@link FirstIn}'s flag), the event type's code and the level, where
     * the cell has them (zero where not). Small numbers first, so that it writes in two to four bytes.
     */
    public static long cellKey(int firstInFlag, int typeCode, int level) {
        long zigzagLevel = Integer.toUnsignedLong(level << 1 ^ level >> 31);
        return zigzagLevel << 10 | (long) typeCode << 4 | Integer.numberOfTrailingZeros(firstInFlag);
    }

    /** Opens a cell; true when it was not open yet (this event is the player's first in it). */
    boolean open(long key, String dimension, long windowEnd) {
        for (int i = 0; i < cellCount; i++) {
            if (cellKeys[i] == key && cellEnds[i] == windowEnd && Objects.equals(cellDimensions[i], dimension)) {
                return false;
            }
        }
        if (cellCount == cellKeys.length) {
            int room = Math.max(INITIAL_CELLS, 2 * cellCount);
            cellKeys = Arrays.copyOf(cellKeys, room);
            cellDimensions = Arrays.copyOf(cellDimensions, room);
            cellEnds = Arrays.copyOf(cellEnds, room);
        }
        cellKeys[cellCount] = key;
        cellDimensions[cellCount] = dimension;
        cellEnds[cellCount] = windowEnd;
        cellCount++;
        return true;
    }

    /** The daily entry of the day starting at {@code dayStart} on the platform, or -1. */
    int daily(long dayStart, String platform, long dayMs) {
        for (int i = 0; i < dailyPlatforms.length; i++) {
            if (dailyPlatforms[i].equals(platform) && PlayerActivity.start(dailyFirstMinutes[i], dayMs) == dayStart) {
                return i;
            }
        }
        return -1;
    }

    void addDaily(String platform, long firstMinute, boolean newPlayer) {
        int n = dailyPlatforms.length;
        dailyPlatforms = Arrays.copyOf(dailyPlatforms, n + 1);
        dailyFirstMinutes = Arrays.copyOf(dailyFirstMinutes, n + 1);
        dailyNew = Arrays.copyOf(dailyNew, n + 1);
        dailyPlatforms[n] = platform;
        dailyFirstMinutes[n] = firstMinute;
        dailyNew[n] = newPlayer;
    }

    /** Drops cells and daily entries no accepted event can reach: those whose window plus lateness has passed. */
    void expire(long watermark, long latenessMs, long dayMs) {
        // Most events expire nothing: find the first cell that goes before moving any.
        int first = 0;
        while (first < cellCount && watermark < cellEnds[first] + latenessMs - 1) {
            first++;
        }
        int kept = first;
        for (int i = first + 1; i < cellCount; i++) {
            if (watermark < cellEnds[i] + latenessMs - 1) {
                cellKeys[kept] = cellKeys[i];
                cellDimensions[kept] = cellDimensions[i];
                cellEnds[kept] = cellEnds[i];
                kept++;
            }
        }
        if (kept == 0 && cellKeys.length > 0) {
            // An idle player's room goes with its last cell.
            cellKeys = new long[0];
            cellDimensions = new String[0];
            cellEnds = new long[0];
        } else {
            Arrays.fill(cellDimensions, kept, cellCount, null);
        }
        cellCount = kept;
        kept = 0;
        for (int i = 0; i < dailyPlatforms.length; i++) {
            if (watermark < dailyEnd(i, dayMs) + latenessMs - 1) {
                dailyPlatforms[kept] = dailyPlatforms[i];
                dailyFirstMinutes[kept] = dailyFirstMinutes[i];
                dailyNew[kept] = dailyNew[i];
                kept++;
            }
        }
        if (kept < dailyPlatforms.length) {
            dailyPlatforms = Arrays.copyOf(dailyPlatforms, kept);
            dailyFirstMinutes = Arrays.copyOf(dailyFirstMinutes, kept);
            dailyNew = Arrays.copyOf(dailyNew, kept);
        }
    }

    /** The end of daily entry {@code i}'s day: the day its first minute lies in. */
    long dailyEnd(int i, long dayMs) {
        return PlayerActivity.start(dailyFirstMinutes[i], dayMs) + dayMs;
    }

    boolean isEmpty() {
        return presence == null && cellCount == 0 && dailyPlatforms.length == 0;
    }
}
