package io.playpulse.kpi;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;

import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.clickhouse.TableSinks;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.FactKind;
import io.playpulse.player.FirstIn;
import io.playpulse.player.PlayerActivity;
import java.time.Duration;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The KPI part of the job graph: from the per-player activity facts, one event-time window per KPI table,
 * keyed by the table's own dimensions. Facts are added up in the subtask that made them first
 * ({@link PreAggregate}); only the partial rows cross the network. Every window keeps its state
 * until the allowed lateness has passed; late facts re-emit its row with a newer version.
 */
public final class KpiGraph {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private KpiGraph() {}

    /** Wires every KPI, from the players' activity facts ({@link PlayerActivity}). */
    public static void define(DataStream<ActivityFact> facts, PlayPulseConfig config, TableSinks outputs) {
        Duration lateness = config.get(ALLOWED_LATENESS);

        // The four per-minute tables share one window per platform: one partial per platform crosses the network.
        DataStream<MinuteRollup> minutes = window(facts, "kpi-minute", f -> f.kind != FactKind.DAILY,
                f -> f.platform, MINUTE, MinuteRollup::new, MinuteRollup.class, lateness);
        minutes.map(MinuteRollup::dashboard)
                .name("kpi-dashboard-minute")
                .uid("kpi-dashboard-minute")
                .sinkTo(outputs.table(DashboardMinute.TABLE))
                .name("kpi-dashboard-minute-table")
                .uid("sink-kpi-dashboard-minute");
        minutes.flatMap((MinuteRollup m, Collector<EventsPerMinute> out) -> m.eventsPerType().forEach(out::collect))
                .returns(EventsPerMinute.class)
                .name("kpi-events-per-minute")
                .uid("kpi-events-per-minute")
                .sinkTo(outputs.table(EventsPerMinute.TABLE))
                .name("kpi-events-per-minute-table")
                .uid("sink-kpi-events-per-minute");
        minutes.flatMap((MinuteRollup m, Collector<DashboardRevenue> out) -> m.revenue().forEach(out::collect))
                .returns(DashboardRevenue.class)
                .name("kpi-dashboard-revenue-minute")
                .uid("kpi-dashboard-revenue-minute")
                .sinkTo(outputs.table(DashboardRevenue.TABLE))
                .name("kpi-dashboard-revenue-minute-table")
                .uid("sink-kpi-dashboard-revenue-minute");
        minutes.flatMap((MinuteRollup m, Collector<CcuMinute> out) -> m.ccuPerServer().forEach(out::collect))
                .returns(CcuMinute.class)
                .name("kpi-ccu-minute")
                .uid("kpi-ccu-minute")
                .sinkTo(outputs.table(CcuMinute.TABLE))
                .name("kpi-ccu-minute-table")
                .uid("sink-kpi-ccu-minute");
        windowed(facts, "kpi-active-users-hour", f -> f.isEvent() && f.firstIn(FirstIn.HOUR),
                f -> f.platform, Duration.ofHours(1), ActiveUsersHour::new, ActiveUsersHour.class,
                lateness, ActiveUsersHour.TABLE, outputs);
        windowed(facts, "kpi-gameplay-10min", f -> f.isEvent() && FirstIn.GAMEPLAY_TYPES.contains(f.eventType),
                f -> f.eventType.name() + '|' + f.level, Duration.ofMinutes(10), Gameplay::new, Gameplay.class,
                lateness, Gameplay.TABLE, outputs);

        DataStream<Revenue> revenue = null;
        for (Revenue.Granularity g : Revenue.Granularity.values()) {
            DataStream<Revenue> rows = window(facts, "kpi-revenue-" + g.label, ActivityFact::isMoney,
                    f -> f.currency, g.size, () -> new Revenue(g), Revenue.class, lateness);
            revenue = revenue == null ? rows : revenue.union(rows);
        }
        revenue.sinkTo(outputs.table(Revenue.TABLE)).name("kpi-revenue-table").uid("sink-kpi-revenue");

        facts.filter(f -> f.kind == FactKind.DAILY)
                .name("daily-facts")
                .uid("daily-facts")
                .keyBy(f -> PlayerActivity.start(f.timestampMs, PlayerActivity.DAY) + "|" + f.platform)
                .process(new DailyPlayers(lateness))
                .name("kpi-daily-players")
                .uid("kpi-daily-players")
                .sinkTo(outputs.table(DailyPlayersRow.TABLE))
                .name("kpi-daily-players-table")
                .uid("sink-kpi-daily-players");
    }

    private static <R extends KpiRow> void windowed(DataStream<ActivityFact> facts, String name,
            FilterFunction<ActivityFact> which, KeySelector<ActivityFact, String> key, Duration size,
            SerializableSupplier<R> newRow, Class<R> type, Duration lateness, ClickHouseTable<R> table,
            TableSinks outputs) {
        window(facts, name, which, key, size, newRow, type, lateness)
                .sinkTo(outputs.table(table))
                .name(name + "-table")
                .uid("sink-" + name);
    }

    private static <R extends KpiRow> DataStream<R> window(DataStream<ActivityFact> facts, String name,
            FilterFunction<ActivityFact> which, KeySelector<ActivityFact, String> key, Duration size,
            SerializableSupplier<R> newRow, Class<R> type, Duration lateness) {
        TypeInformation<R> rowType = TypeInformation.of(type);
        TypeInformation<Tuple2<String, R>> partialType = Types.TUPLE(Types.STRING, rowType);
        return facts.transform(name + "-partials", partialType, new PreAggregate<>(which, key, size, newRow))
                .uid(name + "-partials")
                .keyBy(partial -> partial.f0, Types.STRING)
                .window(PartialWindows.of(size))
                .allowedLateness(lateness)
                .aggregate(new MergePartials<>(newRow), new StampWindow<>(), rowType, rowType, rowType)
                .name(name)
                .uid(name);
    }
}
