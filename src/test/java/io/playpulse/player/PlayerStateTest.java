package io.playpulse.player;

import static io.playpulse.player.PlayerActivity.DAY;
import static io.playpulse.player.PlayerActivity.MINUTE;
import static io.playpulse.player.PlayerActivity.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlayerStateTest {
    private static final long LATENESS = 5 * MINUTE;

    @Test
    void aDailyEntryIsFoundByTheDayOfItsFirstMinuteAndItsPlatform() {
        // Every minute of a day, its first and last included, and days before the epoch.
        long[] minutes = {0, DAY - MINUTE, 20_000 * DAY + 13 * 60 * MINUTE, -DAY, -MINUTE, -3 * DAY + 7 * MINUTE};
        for (long minute : minutes) {
            PlayerState s = new PlayerState();
            s.addDaily("iOS", minute, true);
            long day = start(minute, DAY);
            assertThat(s.daily(day, "iOS", DAY)).as("minute %d", minute).isZero();
            assertThat(s.daily(day, "android", DAY)).isEqualTo(-1);
            assertThat(s.daily(day - DAY, "iOS", DAY)).isEqualTo(-1);
            assertThat(s.daily(day + DAY, "iOS", DAY)).isEqualTo(-1);
            assertThat(s.dailyEnd(0, DAY)).isEqualTo(day + DAY);
        }
    }

    @Test
    void expireKeepsADailyEntryUntilItsDayPlusTheLatenessHasPassed() {
        long day = 20_000 * DAY;
        PlayerState s = new PlayerState();
        s.addDaily("iOS", day + 23 * 60 * MINUTE, false);

        s.expire(day + DAY + LATENESS - 2, LATENESS, DAY);
        assertThat(s.dailyPlatforms).containsExactly("iOS");
        assertThat(s.dailyFirstMinutes).containsExactly(day + 23 * 60 * MINUTE);

        s.expire(day + DAY + LATENESS - 1, LATENESS, DAY);
        assertThat(s.dailyPlatforms).isEmpty();
        assertThat(s.dailyFirstMinutes).isEmpty();
        assertThat(s.dailyNew).isEmpty();
        assertThat(s.isEmpty()).isTrue();
    }

    @Test
    void aCellIsOpenedOncePerKeyDimensionAndWindow() {
        PlayerState s = new PlayerState();
        long key = PlayerState.cellKey(FirstIn.MINUTE, 0, 0);
        assertThat(s.open(key, "iOS", MINUTE)).isTrue();
        assertThat(s.open(key, new String("iOS"), MINUTE)).as("an equal platform").isFalse();
        assertThat(s.open(key, "android", MINUTE)).as("another platform").isTrue();
        assertThat(s.open(key, "iOS", 2 * MINUTE)).as("the next minute").isTrue();
        assertThat(s.open(PlayerState.cellKey(FirstIn.MINUTE_LOGIN, 0, 0), "iOS", MINUTE)).as("another cell").isTrue();
        long gameplay = PlayerState.cellKey(FirstIn.GAMEPLAY_10_MINUTES, 3, 7);
        assertThat(s.open(gameplay, null, 10 * MINUTE)).isTrue();
        assertThat(s.open(gameplay, null, 10 * MINUTE)).isFalse();
        assertThat(s.open(PlayerState.cellKey(FirstIn.GAMEPLAY_10_MINUTES, 3, 8), null, 10 * MINUTE)).as("another level").isTrue();

        s.expire(MINUTE + LATENESS - 1, LATENESS, DAY);
        // Expired: both platforms' minute-one cells and the login cell.
        assertThat(s.cellCount).isEqualTo(3);
        assertThat(Arrays.copyOf(s.cellEnds, 3)).containsExactly(2 * MINUTE, 10 * MINUTE, 10 * MINUTE);
        assertThat(s.cellDimensions).as("no string held beyond the cells").containsExactly("iOS", null, null, null, null, null, null, null);
        assertThat(s.open(key, "iOS", 2 * MINUTE)).isFalse();
    }

    /** Keys apart for every cell, event type and level: a collision would count a player once in two cells. */
    @Test
    void cellKeysDifferForEveryCellTypeAndLevel() {
        int[] levels = {0, 1, -1, 2, 99, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, -(1 << 20)};
        Set<Long> keys = new HashSet<>();
        int made = 0;
        for (int kind = 0; kind <= Integer.numberOfTrailingZeros(FirstIn.GAMEPLAY_10_MINUTES); kind++) {
            for (int type = 0; type < EventType.values().length; type++) {
                for (int level : levels) {
                    keys.add(PlayerState.cellKey(1 << kind, type, level));
                    made++;
                }
            }
        }
        assertThat(keys).hasSize(made);
        assertThat(EventType.values().length).as("type codes fit the key's six bits").isLessThanOrEqualTo(64);
    }
}
