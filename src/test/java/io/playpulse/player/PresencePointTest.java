package io.playpulse.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PresencePointTest {
    /** The order the SQL recompute sorts by: timestamp, then logout after activity, then server, then platform. */
    private static final Comparator<PresencePoint> RECOMPUTE_ORDER = Comparator.<PresencePoint>comparingLong(p -> p.ts)
            .thenComparing(p -> p.logout)
            .thenComparing(p -> p.serverId)
            .thenComparing(p -> p.platform);

    @Test
    void isAfterFollowsTheRecomputesOrderOnEveryTie() {
        Random random = new Random(11);
        String[] servers = {"kr-1", "kr-2", "jp-1"};
        String[] platforms = {"iOS", "android", "pc"};
        for (int i = 0; i < 100_000; i++) {
            PresencePoint a = new PresencePoint(random.nextInt(3), random.nextBoolean(),
                    servers[random.nextInt(3)], platforms[random.nextInt(3)]);
            PresencePoint b = new PresencePoint(random.nextInt(3), random.nextBoolean(),
                    servers[random.nextInt(3)], platforms[random.nextInt(3)]);
            assertThat(a.isAfter(b)).as("%s after %s", a, b).isEqualTo(RECOMPUTE_ORDER.compare(a, b) > 0);
        }
        assertThat(new PresencePoint(0, false, "kr-1", "iOS").isAfter(null)).isTrue();
    }
}
