package io.playpulse.player;

import java.util.Arrays;

/**
 * Everything {@link PlayerActivity} keeps about one player, in one value so that an event costs one
 * state read and one write: the presence timeline, the distinct-player cells the player has opened
 * in windows that are still open, and the player's first activity per day and platform. Written by
 * {@link PlayerStateSerializer}; still a Flink POJO (arrays, never collections), which is how
 * savepoints of earlier builds hold it.
 */
public class PlayerState {
    /** Null when the player has been offline long enough that nothing about it can change. */
    public PresenceTimeline presence;

    /** Open distinct-player cells ("kind|window start|dimensions") and the end of each one's window. */
    public String[] cells = new String[0];
    public long[] cellEnds = new long[0];

    /** First activity per day and platform ("day start|platform"): its minute, and whether it made the player new. */
    public String[] dailyKeys = new String[0];
    public long[] dailyFirstMinutes = new long[0];
    public boolean[] dailyNew = new boolean[0];

    /** The minute end of the presence tick registered, or Long.MIN_VALUE. */
    public long tickEnd = Long.MIN_VALUE;
    /** The clean-up timer registered: the latest instant anything here expires. */
    public long wakeAt = Long.MIN_VALUE;

    public PlayerState() {}

    /** Opens a cell; true when it was not open yet (this event is the player's first in it). */
    boolean open(String cell, long windowEnd) {
        // A cell's window end follows from its name: compare the ends first, which sit side by side in
        // memory, and only the names of the cells that end with it.
        for (int i = 0; i < cells.length; i++) {
            if (cellEnds[i] == windowEnd && cells[i].equals(cell)) {
                return false;
            }
        }
        int n = cells.length;
        cells = Arrays.copyOf(cells, n + 1);
        cellEnds = Arrays.copyOf(cellEnds, n + 1);
        cells[n] = cell;
        cellEnds[n] = windowEnd;
        return true;
    }

    int daily(String key) {
        for (int i = 0; i < dailyKeys.length; i++) {
            if (dailyKeys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    void addDaily(String key, long firstMinute, boolean newPlayer) {
        int n = dailyKeys.length;
        dailyKeys = Arrays.copyOf(dailyKeys, n + 1);
        dailyFirstMinutes = Arrays.copyOf(dailyFirstMinutes, n + 1);
        dailyNew = Arrays.copyOf(dailyNew, n + 1);
        dailyKeys[n] = key;
        dailyFirstMinutes[n] = firstMinute;
        dailyNew[n] = newPlayer;
    }

    /** Drops cells and daily entries no accepted event can reach: those whose window plus lateness has passed. */
    void expire(long watermark, long latenessMs, long dayMs) {
        int kept = 0;
        for (int i = 0; i < cells.length; i++) {
            if (watermark < cellEnds[i] + latenessMs - 1) {
                cells[kept] = cells[i];
                cellEnds[kept] = cellEnds[i];
                kept++;
            }
        }
        if (kept < cells.length) {
            cells = Arrays.copyOf(cells, kept);
            cellEnds = Arrays.copyOf(cellEnds, kept);
        }
        kept = 0;
        for (int i = 0; i < dailyKeys.length; i++) {
            if (watermark < dailyEnd(i, dayMs) + latenessMs - 1) {
                dailyKeys[kept] = dailyKeys[i];
                dailyFirstMinutes[kept] = dailyFirstMinutes[i];
                dailyNew[kept] = dailyNew[i];
                kept++;
            }
        }
        if (kept < dailyKeys.length) {
            dailyKeys = Arrays.copyOf(dailyKeys, kept);
            dailyFirstMinutes = Arrays.copyOf(dailyFirstMinutes, kept);
            dailyNew = Arrays.copyOf(dailyNew, kept);
        }
    }

    /**
     * The end of daily entry {@code i}'s day. Its first minute lies in that day (the key names the day
     * of the events whose earliest minute it is), so the day follows without parsing the key.
     */
    long dailyEnd(int i, long dayMs) {
        return PlayerActivity.start(dailyFirstMinutes[i], dayMs) + dayMs;
    }

    boolean isEmpty() {
        return presence == null && cells.length == 0 && dailyKeys.length == 0;
    }
}
