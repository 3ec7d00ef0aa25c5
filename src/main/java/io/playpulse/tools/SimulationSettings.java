package io.playpulse.tools;

import java.time.Duration;

/**
 * What the game simulation produces. Immutable; {@code with...} methods return changed copies.
 *
 * @param seed same seed, same records, byte for byte
 * @param startMs event time of the first record
 * @param eventsPerSecond the average event-time rate the player population produces
 * @param players player count; 0 derives it from the rate
 * @param meanActionInterval average time between two actions of an online player
 * @param macroBots players that fire bursts of skills (>= 50 within 10 s)
 * @param malformedRatio share of records that break the contract (each with a known reason)
 * @param duplicateRatio share of events a client sends twice
 * @param outOfOrderRatio share of events delayed within the out-of-orderness bound
 * @param lateWithinRatio share of events delayed past the bound but within the allowed lateness
 * @param lateBeyondRatio share of events delayed past bound plus lateness (stored, counted as late)
 * @param outOfOrderness the job's bound, to size the delays
 * @param allowedLateness the job's allowed lateness, to size the delays
 */
public record SimulationSettings(
        long seed,
        long startMs,
        double eventsPerSecond,
        int players,
        Duration meanActionInterval,
        int macroBots,
        double malformedRatio,
        double duplicateRatio,
        double outOfOrderRatio,
        double lateWithinRatio,
        double lateBeyondRatio,
        Duration outOfOrderness,
        Duration allowedLateness) {

    /** Realistic defaults starting now. */
    public static SimulationSettings defaults() {
        return new SimulationSettings(42L, System.currentTimeMillis(), 1000, 0, Duration.ofSeconds(10), 5, 0.001,
                0.005, 0.02, 0.002, 0.001, Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    /** The player count: given, or enough for the rate with about half the players online. */
    public int effectivePlayers() {
        if (players > 0) {
            return players;
        }
        double online = eventsPerSecond * meanActionInterval.toMillis() / 1000.0;
        return Math.max(10, (int) Math.ceil(online / SessionModel.ONLINE_FRACTION));
    }

    public SimulationSettings withSeed(long v) {
        return new SimulationSettings(v, startMs, eventsPerSecond, players, meanActionInterval, macroBots,
                malformedRatio, duplicateRatio, outOfOrderRatio, lateWithinRatio, lateBeyondRatio, outOfOrderness,
                allowedLateness);
    }

    public SimulationSettings withStartMs(long v) {
        return new SimulationSettings(seed, v, eventsPerSecond, players, meanActionInterval, macroBots,
                malformedRatio, duplicateRatio, outOfOrderRatio, lateWithinRatio, lateBeyondRatio, outOfOrderness,
                allowedLateness);
    }

    public SimulationSettings withEventsPerSecond(double v) {
        return new SimulationSettings(seed, startMs, v, players, meanActionInterval, macroBots, malformedRatio,
                duplicateRatio, outOfOrderRatio, lateWithinRatio, lateBeyondRatio, outOfOrderness, allowedLateness);
    }

    public SimulationSettings withPlayers(int v) {
        return new SimulationSettings(seed, startMs, eventsPerSecond, v, meanActionInterval, macroBots,
                malformedRatio, duplicateRatio, outOfOrderRatio, lateWithinRatio, lateBeyondRatio, outOfOrderness,
                allowedLateness);
    }

    public SimulationSettings withMacroBots(int v) {
        return new SimulationSettings(seed, startMs, eventsPerSecond, players, meanActionInterval, v,
                malformedRatio, duplicateRatio, outOfOrderRatio, lateWithinRatio, lateBeyondRatio, outOfOrderness,
                allowedLateness);
    }

    public SimulationSettings withMalformedRatio(double v) {
        return new SimulationSettings(seed, startMs, eventsPerSecond, players, meanActionInterval, macroBots, v,
                duplicateRatio, outOfOrderRatio, lateWithinRatio, lateBeyondRatio, outOfOrderness, allowedLateness);
    }

    public SimulationSettings withDisorder(double duplicates, double outOfOrder, double lateWithin, double lateBeyond) {
        return new SimulationSettings(seed, startMs, eventsPerSecond, players, meanActionInterval, macroBots,
                malformedRatio, duplicates, outOfOrder, lateWithin, lateBeyond, outOfOrderness, allowedLateness);
    }

    public SimulationSettings withEventTime(Duration bound, Duration lateness) {
        return new SimulationSettings(seed, startMs, eventsPerSecond, players, meanActionInterval, macroBots,
                malformedRatio, duplicateRatio, outOfOrderRatio, lateWithinRatio, lateBeyondRatio, bound, lateness);
    }
}
