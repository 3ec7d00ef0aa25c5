package io.playpulse.detect;

import java.util.Arrays;

/**
 * A player's recent actions by timestamp (in arrival order within one), and for each the stretches
 * of {@link DenseStretchGate} it was passed on to, one bit per stretch. Written by {@link
 * RecentActionsSerializer}.
 */
public final class RecentActions {
    public Action[] actions = new Action[0];
    /** Bit {@code k} of {@code passed[i]}: action {@code i} went to the gate's stretch {@code k}. */
    public byte[] passed = new byte[0];

    /**
     * Inserts after every action of the same or an earlier timestamp; returns its index. A player's
     * actions mostly share one session, but each event read brings its own copy of the session's id:
     * the action takes its neighbour's when they are equal (in a live run at 20,000 events/s, 1.5
     * million of the heap's 2.45 million strings).
     */
    int insert(Action a) {
        int at = actions.length;
        while (at > 0 && actions[at - 1].timestampMs > a.timestampMs) {
            at--;
        }
        if (actions.length > 0) {
            String neighbours = actions[at > 0 ? at - 1 : 0].sessionId;
            if (neighbours != null && neighbours.equals(a.sessionId)) {
                a.sessionId = neighbours;
            }
        }
        Action[] grown = new Action[actions.length + 1];
        byte[] grownPassed = new byte[actions.length + 1];
        System.arraycopy(actions, 0, grown, 0, at);
        System.arraycopy(passed, 0, grownPassed, 0, at);
        grown[at] = a;
        System.arraycopy(actions, at, grown, at + 1, actions.length - at);
        System.arraycopy(passed, at, grownPassed, at + 1, actions.length - at);
        actions = grown;
        passed = grownPassed;
        return at;
    }

    /** Drops the actions older than {@code ts}. */
    void forgetBefore(long ts) {
        int keep = 0;
        while (keep < actions.length && actions[keep].timestampMs < ts) {
            keep++;
        }
        if (keep > 0) {
            actions = Arrays.copyOfRange(actions, keep, actions.length);
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
