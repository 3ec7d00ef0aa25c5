package io.playpulse.detect;

import java.util.Arrays;

/**
 * A player's recent actions by timestamp (in arrival order within one), and for each the stretches
 * of {@link DenseStretchGate} it was passed on to, one bit per stretch. Written by {@link
 * RecentActionsSerializer}.
 */
public final class RecentActions {
    private static final int INITIAL_ROOM = 4;

    /**
     * The actions and what each was passed on to, the first {@link #count} of each array. The arrays
     * keep room to grow: the gate holds a player's actions for minutes, so arrays built anew with
     * every action were promoted to the old generation and died there.
     */
    public Action[] actions = new Action[0];
    /** Bit {@code k} of {@code passed[i]}: action {@code i} went to the gate's stretch {@code k}. */
    public byte[] passed = new byte[0];
    public int count;

    /**
     * Inserts after every action of the same or an earlier timestamp; returns its index. A player's
     * actions mostly share one session, but each event read brings its own copy of the session's id:
     * the action takes its neighbour's when they are equal (in a live run at 20,000 events/s, 1.5
     * million of the heap's 2.45 million strings).
     */
    int insert(Action a) {
        int at = count;
        while (at > 0 && actions[at - 1].timestampMs > a.timestampMs) {
            at--;
        }
        if (count > 0) {
            String neighbours = actions[at > 0 ? at - 1 : 0].sessionId;
            if (neighbours != null && neighbours.equals(a.sessionId)) {
                a.sessionId = neighbours;
            }
        }
        if (count == actions.length) {
            resize(Math.max(INITIAL_ROOM, 2 * count));
        }
        System.arraycopy(actions, at, actions, at + 1, count - at);
        System.arraycopy(passed, at, passed, at + 1, count - at);
        actions[at] = a;
        passed[at] = 0;
        count++;
        return at;
    }

    /** Drops the actions older than {@code ts}, and room a burst left behind. */
    void forgetBefore(long ts) {
        int keep = 0;
        while (keep < count && actions[keep].timestampMs < ts) {
            keep++;
        }
        if (keep == 0) {
            return;
        }
        System.arraycopy(actions, keep, actions, 0, count - keep);
        System.arraycopy(passed, keep, passed, 0, count - keep);
        Arrays.fill(actions, count - keep, count, null);
        count -= keep;
        if (actions.length > INITIAL_ROOM && count < actions.length / 4) {
            resize(Math.max(INITIAL_ROOM, 2 * count));
        }
    }

    boolean passedTo(int i, int stretch) {
        return (passed[i] & 1 << stretch) != 0;
    }

    void markPassedTo(int i, int stretch) {
        passed[i] |= (byte) (1 << stretch);
    }

    private void resize(int room) {
        actions = Arrays.copyOf(actions, room);
        passed = Arrays.copyOf(passed, room);
    }
}
