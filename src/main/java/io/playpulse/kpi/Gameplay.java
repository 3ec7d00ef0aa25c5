package io.playpulse.kpi;

import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.events.EventType;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.FirstIn;

/** kpi_gameplay_10min: gameplay events and distinct players per 10 minutes, event type and level. */
public class Gameplay extends KpiRow {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<Gameplay> TABLE = ClickHouseTable.<Gameplay>named("kpi_gameplay_10min")
            .dateTime("window_start", row -> row.windowStartMs)
            .string("event_type", row -> row.eventType.name())
            .int32("level", row -> row.level)
            .int64("events", row -> row.events)
            .int64("players", row -> row.players)
            .versioned();

    public EventType eventType;
    /** The player's level; 0 when the events carried none. */
    public int level;
    public long events;
    public long players;

    public Gameplay() {}

    @Override
    public void add(ActivityFact f) {
        eventType = f.eventType;
        level = f.level;
        events++;
        if (f.firstIn(FirstIn.GAMEPLAY_10_MINUTES)) {
            players++;
        }
    }

    @Override
    public void merge(KpiRow partial) {
        Gameplay p = (Gameplay) partial;
        eventType = p.eventType;
        level = p.level;
        events += p.events;
        players += p.players;
    }
}
