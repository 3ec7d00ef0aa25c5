package io.playpulse.bench;

import io.playpulse.events.EventParser;
import io.playpulse.events.GameEvent;
import io.playpulse.events.InvalidEventException;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.SimulationSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The simulation's valid events as the parser makes them, for the benchmarks that work on events. */
public final class SimulatedEvents {
    private SimulatedEvents() {}

    /** The first {@code count} valid events of ten minutes of simulated play up to now; its malformed records are skipped. */
    public static GameEvent[] valid(int count) {
        long now = System.currentTimeMillis();
        EventParser parser = new EventParser(64 * 1024, Duration.ofDays(7), Duration.ofMinutes(5));
        GameSimulation simulation = new GameSimulation(SimulationSettings.defaults().withStartMs(now - 600_000));
        List<GameEvent> valid = new ArrayList<>();
        while (valid.size() < count) {
            try {
                valid.add(parser.parse(simulation.next().value(), now));
            } catch (InvalidEventException malformed) {
                // a record the job sends to the dead letters
            }
        }
        return valid.toArray(GameEvent[]::new);
    }
}
