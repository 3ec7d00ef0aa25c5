package io.playpulse.detect;

import io.playpulse.events.GameEvent;
import java.util.Arrays;

/**
 * A player's recent actions by timestamp (in arrival order within one), and for each the stretches
 * of {@link DenseStretchGate} it was passed on to, one bit per stretch. Written by {@link
 * RecentActionsSerializer}.
 */
public final class RecentActions {
    public GameEvent[] events = new GameEvent[0];
    /** Bit {@code k} of {@code passed[i]}: event {@code i} went to the gate's stretch {@code k}. */
    public byte[] passed = new byte[0];

    /**
     * Inserts after every event of the same or an earlier timestamp; returns its index. A player's
     * actions mostly share one session, but each event read brings its own copy of the session's id:
     * the event takes its neighbour's when they are equal (in a live run at 20,000 events/s, 1.5
     * million of the heap's 2.45 million strings).
     */
    int insert(GameEvent e) {
        int at = events.length;
        while (at > 0 && events[at - 1].timestampMs > e.timestampMs) {
            at--;
        }
        if (events.length > 0) {
            String neighbours = events[at > 0 ? at - 1 : 0].sessionId;
            if (neighbours != null && neighbours.equals(e.sessionId)) {
                e.sessionId = neighbours;
            }
        }
        GameEvent[] grown = new GameEvent[events.length + 1];
        byte[] grownPassed = new byte[events.length + 1];
        System.arraycopy(events, 0, grown, 0, at);
        System.arraycopy(passed, 0, grownPassed, 0, at);
        grown[at] = e;
        System.arraycopy(events, at, grown, at + 1, events.length - at);
        System.arraycopy(passed, at, grownPassed, at + 1, events.length - at);
        events = grown;
        passed = grownPassed;
        return at;
    }

    /** Drops the events older than {@code ts}. */
    void forgetBefore(long ts) {
        int keep = 0;
        while (keep < events.length && events[keep].timestampMs < ts) {
            keep++;
        }
        if (keep > 0) {
            events = Arrays.copyOfRange(events, keep, events.length);
            passed = Arrays.copyOfRange(passed, keep, passed.length);
        }
    }

    boolean passedTo(int i, int stretch) {
        return (passed[i] & 1 << stretch) != 0;
    }

    void markPassedTo(int i, int stretch) {
        passed[i] |= (byte) (1 << stretch);
    }
}
