package io.playpulse.player;

import static io.playpulse.player.PlayerActivity.DAY;
import static io.playpulse.player.PlayerActivity.MINUTE;
import static io.playpulse.player.PlayerActivity.start;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A daily entry's day comes from its first minute, not its key: both must name the same day. */
class PlayerStateTest {
    private static final long LATENESS = 5 * MINUTE;

    @Test
    void aDailyEntryEndsWithTheDayItsKeyNames() {
        // Every minute of a day, its first and last included, and days before the epoch.
        long[] minutes = {0, DAY - MINUTE, 20_000 * DAY + 13 * 60 * MINUTE, -DAY, -MINUTE, -3 * DAY + 7 * MINUTE};
        for (long minute : minutes) {
            PlayerState s = new PlayerState();
            s.addDaily(start(minute, DAY) + "|iOS", minute, true);
            long keyDay = Long.parseLong(s.dailyKeys[0].substring(0, s.dailyKeys[0].indexOf('|')));
            assertThat(s.dailyEnd(0, DAY)).as("minute %d", minute).isEqualTo(keyDay + DAY);
        }
    }

    @Test
    void expireKeepsADailyEntryUntilItsDayPlusTheLatenessHasPassed() {
        long day = 20_000 * DAY;
        PlayerState s = new PlayerState();
        s.addDaily(day + "|iOS", day + 23 * 60 * MINUTE, false);

        s.expire(day + DAY + LATENESS - 2, LATENESS, DAY);
        assertThat(s.dailyKeys).containsExactly(day + "|iOS");
        assertThat(s.dailyFirstMinutes).containsExactly(day + 23 * 60 * MINUTE);

        s.expire(day + DAY + LATENESS - 1, LATENESS, DAY);
        assertThat(s.dailyKeys).isEmpty();
        assertThat(s.dailyFirstMinutes).isEmpty();
        assertThat(s.dailyNew).isEmpty();
        assertThat(s.isEmpty()).isTrue();
    }
}
