package io.playpulse.it;

import io.playpulse.events.GameEvent;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.Plants;
import io.playpulse.tools.SimulationSettings;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Five weeks of play by 600 players who install over the first four days, with every {@link Plants}
 * imbalance, stored in game_events as the job stores them. The events stay here for the oracles.
 */
final class PlantedWorld {
    static final Instant START = Instant.parse("2026-09-01T00:00:00Z");
    static final int DAYS = 36;
    /** Enough battles per weapon (about 1,400) that chance alone keeps every fair one within 0.40-0.60. */
    static final int PLAYERS = 600;
    static final Plants PLANTS = new Plants(7, 3, 5, 9, 2, 0.01, 3, 12);
    static final String STRONG_WEAPON = "weapon_7";
    static final String OVERUSED_WEAPON = "weapon_3";
    static final String SPAMMED_SKILL = "skill_5";
    static final String SHUNNED_SKILL = "skill_9";
    static final String SLOW_SERVER = "jp-1";
    static final int DEADLY_LEVEL = 12;

    private static final int BATCH = 20_000;

    final List<GameEvent> events = new ArrayList<>();

    static PlantedWorld load(ClickHouseHttp clickHouse) throws IOException {
        SimulationSettings settings = SimulationSettings.longTermPlay(7L, START.toEpochMilli(), PLAYERS, DAYS, 0.3)
                .withLongTermPlay(Duration.ofSeconds(60), 12, Duration.ofHours(12), 0.3, Duration.ofDays(DAYS - 7))
                .withInstallSpread(Duration.ofDays(4))
                .withPlants(PLANTS);
        PlantedWorld world = new PlantedWorld();
        long end = START.plus(Duration.ofDays(DAYS)).toEpochMilli();
        GameSimulation simulation = new GameSimulation(settings);
        List<GameEvent> batch = new ArrayList<>();
        for (GeneratedRecord r = simulation.next(); r.emitAtMs() < end; r = simulation.next()) {
            if (r.kind() == GeneratedRecord.Kind.VALID) {
                world.events.add(r.event());
                batch.add(r.event());
                if (batch.size() == BATCH) {
                    clickHouse.insert(GameEvent.TABLE, batch);
                    batch.clear();
                }
            }
        }
        clickHouse.insert(GameEvent.TABLE, batch);
        return world;
    }

    static LocalDate day(GameEvent e) {
        return Instant.ofEpochMilli(e.timestampMs).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    static LocalDate startDay() {
        return START.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
