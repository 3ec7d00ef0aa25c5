package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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

        assertThat(held(r)).containsExactly(earlier, first, later, otherSession);
        assertThat(earlier.sessionId).isSameAs(first.sessionId);
        assertThat(later.sessionId).isSameAs(first.sessionId);
        assertThat(otherSession.sessionId).isEqualTo("session-b");
    }

    @Test
    void anInsertedActionWasPassedToNothingYetAndMovesWhatComesAfterIt() {
        RecentActions r = new RecentActions();
        r.insert(action(1_000, "s"));
        r.insert(action(3_000, "s"));
        r.markPassedTo(1, 2);

        int at = r.insert(action(2_000, "s"));

        assertThat(at).isEqualTo(1);
        assertThat(r.passedTo(1, 2)).isFalse();
        assertThat(r.passedTo(2, 2)).isTrue();
    }

    /** The point of the room: a player's next action, and forgetting a few, build no new arrays. */
    @Test
    void growsAndForgetsInPlaceWithinItsRoom() {
        RecentActions r = new RecentActions();
        for (int i = 0; i < 5; i++) {
            r.insert(action(1_000 * i, "s"));
        }
        Action[] actions = r.actions;
        byte[] passed = r.passed;
        r.markPassedTo(3, 0);

        r.insert(action(5_000, "s"));
        r.forgetBefore(2_000);

        assertThat(r.actions).isSameAs(actions);
        assertThat(r.passed).isSameAs(passed);
        assertThat(held(r)).extracting(a -> a.timestampMs).containsExactly(2_000L, 3_000L, 4_000L, 5_000L);
        assertThat(r.passedTo(1, 0)).as("the mark moves with its action").isTrue();
        assertThat(Arrays.copyOfRange(r.actions, r.count, r.actions.length))
                .as("forgotten actions are not held on to")
                .containsOnlyNulls();
    }

    @Test
    void givesBackTheRoomOfABurstOnceMostOfItIsForgotten() {
        RecentActions r = new RecentActions();
        for (int i = 0; i < 100; i++) {
            r.insert(action(i, "s"));
        }

        r.forgetBefore(98);

        assertThat(held(r)).extracting(a -> a.timestampMs).containsExactly(98L, 99L);
        assertThat(r.actions.length).isLessThanOrEqualTo(4);
        assertThat(r.passed.length).isEqualTo(r.actions.length);
    }

    private static Action[] held(RecentActions r) {
        return Arrays.copyOf(r.actions, r.count);
    }

    private static Action action(long ts, String sessionId) {
        Action a = new Action();
        a.timestampMs = ts;
        a.sessionId = sessionId;
        return a;
    }
}
