package io.playpulse.detect;

import io.playpulse.events.GameEvent;

/**
 * Frozen: what each of the three gates of builds up to f887f90 held per player (fields only), as
 * their savepoints name it. Only {@link RecentEvents} is read.
 */
public final class DenseWindowGate {
    private DenseWindowGate() {}

    /** One gate's recent events of a player, by timestamp (in arrival order within one), and which it passed on. */
    public static class RecentEvents {
        public GameEvent[] events = new GameEvent[0];
        public boolean[] passed = new boolean[0];

        public RecentEvents() {}
    }
}
