package io.playpulse.tools;

/**
 * Things that go wrong in a live game, played by the simulation at fixed offsets from the incidents'
 * start, so the alert rules have something real to find:
 *
 * <ul>
 *   <li>{@link #CRASH_STORM_SERVER} crashes: half of its players' actions are crash reports for four minutes;
 *   <li>a mass disconnect: every online player logs out within one minute;
 *   <li>a store outage: nobody can buy or pay for twenty minutes.
 * </ul>
 */
public final class Incidents {
    public static final String CRASH_STORM_SERVER = "us-1";
    static final long MINUTE = 60_000L;
    public static final long CRASH_STORM_AT = 50 * MINUTE;
    public static final long CRASH_STORM_FOR = 4 * MINUTE;
    public static final long DISCONNECT_AT = 100 * MINUTE;
    public static final long DISCONNECT_FOR = MINUTE;
    public static final long STORE_OUTAGE_AT = 150 * MINUTE;
    public static final long STORE_OUTAGE_FOR = 20 * MINUTE;

    private final long fromMs;

    Incidents(long fromMs) {
        this.fromMs = fromMs;
    }

    private boolean during(long now, long at, long duration) {
        return fromMs != Long.MIN_VALUE && now >= fromMs + at && now < fromMs + at + duration;
    }

    boolean crashStorm(long now, String server) {
        return CRASH_STORM_SERVER.equals(server) && during(now, CRASH_STORM_AT, CRASH_STORM_FOR);
    }

    boolean disconnect(long now) {
        return during(now, DISCONNECT_AT, DISCONNECT_FOR);
    }

    boolean storeOutage(long now) {
        return during(now, STORE_OUTAGE_AT, STORE_OUTAGE_FOR);
    }
}
