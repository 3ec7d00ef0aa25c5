package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.GameEvent;
import org.junit.jupiter.api.Test;

class RecentActionsTest {
    @Test
    void keepsEventsInTimeOrderAndOneCopyOfASessionsId() {
        RecentActions r = new RecentActions();
        GameEvent first = action(2_000, new String("session-a".toCharArray()));
        GameEvent earlier = action(1_000, new String("session-a".toCharArray()));
        GameEvent later = action(3_000, new String("session-a".toCharArray()));
        GameEvent otherSession = action(4_000, "session-b");

        assertThat(r.insert(first)).isZero();
        assertThat(r.insert(earlier)).isZero();
        assertThat(r.insert(later)).isEqualTo(2);
        assertThat(r.insert(otherSession)).isEqualTo(3);

        assertThat(r.events).containsExactly(earlier, first, later, otherSession);
        assertThat(earlier.sessionId).isSameAs(first.sessionId);
        assertThat(later.sessionId).isSameAs(first.sessionId);
        assertThat(otherSession.sessionId).isEqualTo("session-b");
    }

    private static GameEvent action(long ts, String sessionId) {
        GameEvent e = new GameEvent();
        e.timestampMs = ts;
        e.sessionId = sessionId;
        return e;
    }
}
