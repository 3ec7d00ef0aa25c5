package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentActionsTest {
    @Test
    void keepsActionsInTimeOrderAndOneCopyOfASessionsId() {
        RecentActions r = new RecentActions();
        Action first = action(2_000, new String("session-a".toCharArray()));
        Action earlier = action(1_000, new String("session-a".toCharArray()));
        Action later = action(3_000, new String("session-a".toCharArray()));
        Action otherSession = action(4_000, "session-b");

        assertThat(r.insert(first)).isZero();
        assertThat(r.insert(earlier)).isZero();
        assertThat(r.insert(later)).isEqualTo(2);
        assertThat(r.insert(otherSession)).isEqualTo(3);

        assertThat(r.actions).containsExactly(earlier, first, later, otherSession);
        assertThat(earlier.sessionId).isSameAs(first.sessionId);
        assertThat(later.sessionId).isSameAs(first.sessionId);
        assertThat(otherSession.sessionId).isEqualTo("session-b");
    }

    private static Action action(long ts, String sessionId) {
        Action a = new Action();
        a.timestampMs = ts;
        a.sessionId = sessionId;
        return a;
    }
}
