package io.playpulse.player;

import static io.playpulse.player.PlayerActivity.DAY;
import static io.playpulse.player.PlayerActivity.HOUR;
import static io.playpulse.player.PlayerActivity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names builds up to 101cff3 gave a player's cells, read into keys and written back, character for character. */
class CellNamesTest {
    private static final long T0 = PlayedState.T0;

    @Test
    void eachCellsNameGivesItsKeyAndDimensionAndBack() {
        // As PlayerActivity built them up to 101cff3: prefix, window start, then type, platform, currency or level.
        assertName("m|" + T0 + "|iOS", PlayerState.cellKey(FirstIn.MINUTE, 0, 0), "iOS", T0 + MINUTE);
        assertName("t|" + T0 + "|4|android", PlayerState.cellKey(FirstIn.MINUTE_TYPE, 4, 0), "android", T0 + MINUTE);
        assertName("i|" + T0 + "|pc", PlayerState.cellKey(FirstIn.MINUTE_LOGIN, 0, 0), "pc", T0 + MINUTE);
        assertName("o|" + T0 + "|pc", PlayerState.cellKey(FirstIn.MINUTE_LOGOUT, 0, 0), "pc", T0 + MINUTE);
        assertName("h|" + T0 + "|iOS", PlayerState.cellKey(FirstIn.HOUR, 0, 0), "iOS", T0 + HOUR);
        assertName("p5|" + T0 + "|KRW", PlayerState.cellKey(FirstIn.PAYER_5_MINUTES, 0, 0), "KRW", T0 + 5 * MINUTE);
        assertName("ph|" + T0 + "|USD", PlayerState.cellKey(FirstIn.PAYER_HOUR, 0, 0), "USD", T0 + HOUR);
        assertName("pd|" + T0 + "|USD", PlayerState.cellKey(FirstIn.PAYER_DAY, 0, 0), "USD", T0 + DAY);
        assertName("g|" + T0 + "|2|17", PlayerState.cellKey(FirstIn.GAMEPLAY_10_MINUTES, 2, 17), null, T0 + 10 * MINUTE);
    }

    @Test
    void oddDimensionsAndLevelsComeBackWhole() {
        assertName("m|" + T0 + "|a|b", PlayerState.cellKey(FirstIn.MINUTE, 0, 0), "a|b", T0 + MINUTE);
        assertName("t|" + T0 + "|0|", PlayerState.cellKey(FirstIn.MINUTE_TYPE, 0, 0), "", T0 + MINUTE);
        assertName("m|-60000|한국", PlayerState.cellKey(FirstIn.MINUTE, 0, 0), "한국", 0);
        for (int level : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0}) {
            assertName("g|" + T0 + "|3|" + level, PlayerState.cellKey(FirstIn.GAMEPLAY_10_MINUTES, 3, level), null,
                    T0 + 10 * MINUTE);
        }
    }

    @Test
    void aDailyEntrysNameIsItsDayAndPlatform() {
        assertThat(CellNames.dailyName("iOS", T0 + 13 * MINUTE)).isEqualTo(T0 + "|iOS");
        assertThat(CellNames.dailyName("a|b", -MINUTE)).isEqualTo(-DAY + "|a|b");
        assertThat(CellNames.dailyPlatform(-DAY + "|a|b")).isEqualTo("a|b");
    }

    private static void assertName(String name, long key, String dimension, long windowEnd) {
        assertThat(CellNames.key(name)).as(name).isEqualTo(key);
        assertThat(CellNames.dimension(name)).as(name).isEqualTo(dimension);
        assertThat(CellNames.name(key, dimension, windowEnd)).isEqualTo(name);
    }
}
