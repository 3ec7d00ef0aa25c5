package io.playpulse.tools;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the game simulation produces. Immutable; {@code with...} methods return changed copies.
 *
 * @param seed same seed, same records, byte for byte
 * @param startMs event time of the first record
 * @param eventsPerSecond the average event-time rate the player population produces
 * @param players player count; 0 derives it from the rate
 * @param meanActionInterval average time between two actions of an online player
 * @param macroBots players that play like macros or bots ({@link BotKind}, in turn)
 * @param malformedRatio share of records that break the contract (each with a known reason)
 * @param duplicateRatio share of events a client sends twice
 * @param outOfOrderRatio share of events delayed within the out-of-orderness bound
 * @param lateWithinRatio share of events delayed past the bound but within the allowed lateness
 * @param lateBeyondRatio share of events delayed past bound plus lateness (stored, counted as late)
 * @param outOfOrderness the job's bound, to size the delays
 * @param allowedLateness the job's allowed lateness, to size the delays
 * @param incidentsFromMs when the {@link Incidents} start; Long.MIN_VALUE for none
 * @param meanSessionActions actions in an average session
 * @param meanOfflineGap average time between sessions; zero derives it so about half the players are online
 * @param churnRatio share of players whose engagement drifts until they stop playing
 * @param churnWithin drifting players stop at a random time between two days and this after the start
 * @param installSpread players start offline and first log in at a random time within this after the
 *     start, so each day has its own install cohort; zero: the stream starts mid-game, half the players online
 * @param plants imbalances the ops analyses must find ({@link Plants#NONE} for none)
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
        Duration allowedLateness,
        long incidentsFromMs,
        int meanSessionActions,
        Duration meanOfflineGap,
        double churnRatio,
        Duration churnWithin,
        Duration installSpread,
        Plants plants) {

    /** Realistic defaults starting now. */
    public static SimulationSettings defaults() {
        return new SimulationSettings(42L, System.currentTimeMillis(), 1000, 0, Duration.ofSeconds(10), 5, 0.001,
                0.005, 0.02, 0.002, 0.001, Duration.ofSeconds(5), Duration.ofMinutes(1), Long.MIN_VALUE, 60,
                Duration.ZERO, 0, Duration.ofDays(14), Duration.ZERO, Plants.NONE);
    }

    /**
     * Weeks of play for churn: sessions of 15 actions a minute apart, every 8 hours on average;
     * {@code churnRatio} of the players drift away and stop between two days and {@code days - 7}
     * days in, so the week after every stop is in the stream. No bots, malformed records or disorder.
     */
    public static SimulationSettings longTermPlay(long seed, long startMs, int players, int days, double churnRatio) {
        return defaults()
                .withSeed(seed)
                .withStartMs(startMs)
                .withPlayers(players)
                .withMacroBots(0)
                .withMalformedRatio(0)
                .withDisorder(0, 0, 0, 0)
                .withLongTermPlay(Duration.ofSeconds(60), 15, Duration.ofHours(8), churnRatio,
                        Duration.ofDays(Math.max(3, days - 7)));
    }

    /** The player count: given, or enough for the rate with about half the players online. */
    public int effectivePlayers() {
        if (players > 0) {
            return players;
        }
        double online = eventsPerSecond * meanActionInterval.toMillis() / 1000.0;
        return Math.max(10, (int) Math.ceil(online / onlineFraction()));
    }

    /** The share of time a player is online: sessions over sessions plus gaps. */
    public double onlineFraction() {
        if (meanOfflineGap.isZero()) {
            return SessionModel.ONLINE_FRACTION;
        }
        double session = (double) meanActionInterval.toMillis() * meanSessionActions;
        return session / (session + meanOfflineGap.toMillis());
    }

    /** The average time between sessions. */
    public long meanOfflineMs() {
        if (!meanOfflineGap.isZero()) {
            return meanOfflineGap.toMillis();
        }
        double session = (double) meanActionInterval.toMillis() * meanSessionActions;
        return (long) (session * (1 - SessionModel.ONLINE_FRACTION) / SessionModel.ONLINE_FRACTION);
    }

    /**
     * Slow, long-lived play for churn: players come back every {@code offlineGap} for sessions of
     * {@code sessionActions} actions {@code actionInterval} apart, and {@code churnRatio} of them
     * drift away and stop within {@code churnWithin}.
     */
    public SimulationSettings withLongTermPlay(Duration actionInterval, int sessionActions, Duration offlineGap,
            double churnRatio, Duration churnWithin) {
        return with(b -> {
            b.meanActionInterval = actionInterval;
            b.meanSessionActions = sessionActions;
            b.meanOfflineGap = offlineGap;
            b.churnRatio = churnRatio;
            b.churnWithin = churnWithin;
        });
    }

    public SimulationSettings withSeed(long v) {
        return with(b -> b.seed = v);
    }

    public SimulationSettings withStartMs(long v) {
        return with(b -> b.startMs = v);
    }

    public SimulationSettings withEventsPerSecond(double v) {
        return with(b -> b.eventsPerSecond = v);
    }

    public SimulationSettings withPlayers(int v) {
        return with(b -> b.players = v);
    }

    public SimulationSettings withMacroBots(int v) {
        return with(b -> b.macroBots = v);
    }

    public SimulationSettings withMalformedRatio(double v) {
        return with(b -> b.malformedRatio = v);
    }

    public SimulationSettings withDisorder(double duplicates, double outOfOrder, double lateWithin, double lateBeyond) {
        return with(b -> {
            b.duplicateRatio = duplicates;
            b.outOfOrderRatio = outOfOrder;
            b.lateWithinRatio = lateWithin;
            b.lateBeyondRatio = lateBeyond;
        });
    }

    public SimulationSettings withEventTime(Duration bound, Duration lateness) {
        return with(b -> {
            b.outOfOrderness = bound;
            b.allowedLateness = lateness;
        });
    }

    /** Plays the {@link Incidents} from {@code fromMs} on. */
    public SimulationSettings withIncidentsFrom(long fromMs) {
        return with(b -> b.incidentsFromMs = fromMs);
    }

    /** Players first log in within {@code spread} after the start: one install cohort a day. */
    public SimulationSettings withInstallSpread(Duration spread) {
        return with(b -> b.installSpread = spread);
    }

    public SimulationSettings withPlants(Plants plants) {
        return with(b -> b.plants = plants);
    }

    private SimulationSettings with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** A mutable copy, for {@link #with}. */
    private static final class Builder {
        long seed;
        long startMs;
        double eventsPerSecond;
        int players;
        Duration meanActionInterval;
        int macroBots;
        double malformedRatio;
        double duplicateRatio;
        double outOfOrderRatio;
        double lateWithinRatio;
        double lateBeyondRatio;
        Duration outOfOrderness;
        Duration allowedLateness;
        long incidentsFromMs;
        int meanSessionActions;
        Duration meanOfflineGap;
        double churnRatio;
        Duration churnWithin;
        Duration installSpread;
        Plants plants;

        Builder(SimulationSettings s) {
            seed = s.seed;
            startMs = s.startMs;
            eventsPerSecond = s.eventsPerSecond;
            players = s.players;
            meanActionInterval = s.meanActionInterval;
            macroBots = s.macroBots;
            malformedRatio = s.malformedRatio;
            duplicateRatio = s.duplicateRatio;
            outOfOrderRatio = s.outOfOrderRatio;
            lateWithinRatio = s.lateWithinRatio;
            lateBeyondRatio = s.lateBeyondRatio;
            outOfOrderness = s.outOfOrderness;
            allowedLateness = s.allowedLateness;
            incidentsFromMs = s.incidentsFromMs;
            meanSessionActions = s.meanSessionActions;
            meanOfflineGap = s.meanOfflineGap;
            churnRatio = s.churnRatio;
            churnWithin = s.churnWithin;
            installSpread = s.installSpread;
            plants = s.plants;
        }

        SimulationSettings build() {
            return new SimulationSettings(seed, startMs, eventsPerSecond, players, meanActionInterval, macroBots,
                    malformedRatio, duplicateRatio, outOfOrderRatio, lateWithinRatio, lateBeyondRatio, outOfOrderness,
                    allowedLateness, incidentsFromMs, meanSessionActions, meanOfflineGap, churnRatio, churnWithin, installSpread, plants);
        }
    }
}
