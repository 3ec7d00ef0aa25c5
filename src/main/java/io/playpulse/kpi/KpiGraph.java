package io.playpulse.kpi;

import static io.playpulse.sink.ClickHouseTables.*;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.GameEvent;
import io.playpulse.sink.ClickHouseTable;
import io.playpulse.sink.Outputs;
import java.time.Duration;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The KPI part of the job graph: per-player activity, then one event-time window per KPI table,
 * keyed by the table's own dimensions. Every window keeps its state until the allowed lateness has
 * passed; a late fact re-emits its row with a newer version.
 */
public final class KpiGraph {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private KpiGraph() {}

    /** Wires every KPI from the on-time events; returns the players' activity facts. */
    public static DataStream<ActivityFact> define(DataStream<GameEvent> onTime, PlayPulseConfig config, Outputs outputs) {
        DataStream<ActivityFact> facts = onTime
                .keyBy(e -> e.userId)
                .process(new PlayerActivity(config.sessionIdleTimeout, config.allowedLateness, config.playerRetention))
                .name("player-activity")
                .uid("player-activity");
        Duration lateness = config.allowedLateness;

        windowed(facts, "kpi-events-per-minute", ActivityFact::isEvent,
                f -> f.eventType.name() + '|' + f.platform, MINUTE, EventsPerMinute::new, EventsPerMinute.class,
                lateness, KPI_EVENTS_PER_MINUTE, outputs);
        windowed(facts, "kpi-dashboard-minute", f -> f.kind != FactKind.DAILY,
                f -> f.platform, MINUTE, DashboardMinute::new, DashboardMinute.class,
                lateness, KPI_DASHBOARD_MINUTE, outputs);
        windowed(facts, "kpi-dashboard-revenue-minute", ActivityFact::isMoney,
                f -> f.platform + '|' + f.currency, MINUTE, DashboardRevenue::new, DashboardRevenue.class,
                lateness, KPI_DASHBOARD_REVENUE_MINUTE, outputs);
        windowed(facts, "kpi-ccu-minute", f -> f.kind == FactKind.PRESENCE,
                f -> f.serverId + '|' + f.platform, MINUTE, CcuMinute::new, CcuMinute.class,
                lateness, KPI_CCU_MINUTE, outputs);
        windowed(facts, "kpi-active-users-hour", f -> f.isEvent() && f.firstIn(FirstIn.HOUR),
                f -> f.platform, Duration.ofHours(1), ActiveUsersHour::new, ActiveUsersHour.class,
                lateness, KPI_ACTIVE_USERS_HOUR, outputs);
        windowed(facts, "kpi-gameplay-10min", f -> f.isEvent() && Gameplay.TYPES.contains(f.eventType),
                f -> f.eventType.name() + '|' + f.level, Duration.ofMinutes(10), Gameplay::new, Gameplay.class,
                lateness, KPI_GAMEPLAY_10MIN, outputs);

        DataStream<Revenue> revenue = null;
        for (Revenue.Granularity g : Revenue.Granularity.values()) {
            DataStream<Revenue> rows = window(facts, "kpi-revenue-" + g.label, ActivityFact::isMoney,
                    f -> f.currency, g.size, () -> new Revenue(g), Revenue.class, lateness);
            revenue = revenue == null ? rows : revenue.union(rows);
        }
        revenue.sinkTo(outputs.table(KPI_REVENUE)).name("kpi-revenue-table").uid("sink-kpi-revenue");

        facts.filter(f -> f.kind == FactKind.DAILY)
                .name("daily-facts")
                .uid("daily-facts")
                .keyBy(f -> PlayerActivity.start(f.timestampMs, PlayerActivity.DAY) + "|" + f.platform)
                .process(new DailyPlayers(lateness))
                .name("kpi-daily-players")
                .uid("kpi-daily-players")
                .sinkTo(outputs.table(KPI_DAILY_PLAYERS))
                .name("kpi-daily-players-table")
                .uid("sink-kpi-daily-players");
        return facts;
    }

    private static <R extends KpiRow> void windowed(DataStream<ActivityFact> facts, String name,
            FilterFunction<ActivityFact> which, KeySelector<ActivityFact, String> key, Duration size,
            SerializableSupplier<R> newRow, Class<R> type, Duration lateness, ClickHouseTable<R> table,
            Outputs outputs) {
        window(facts, name, which, key, size, newRow, type, lateness)
                .sinkTo(outputs.table(table))
                .name(name + "-table")
                .uid("sink-" + name);
    }

    private static <R extends KpiRow> DataStream<R> window(DataStream<ActivityFact> facts, String name,
            FilterFunction<ActivityFact> which, KeySelector<ActivityFact, String> key, Duration size,
            SerializableSupplier<R> newRow, Class<R> type, Duration lateness) {
        TypeInformation<R> rowType = TypeInformation.of(type);
        return facts.filter(which)
                .name(name + "-facts")
                .uid(name + "-facts")
                .keyBy(key)
                .window(FactWindows.of(size))
                .allowedLateness(lateness)
                .aggregate(new Accumulate<>(newRow), new StampWindow<>(), rowType, rowType, rowType)
                .name(name)
                .uid(name);
    }
}
