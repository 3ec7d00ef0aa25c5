package io.playpulse.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playpulse.events.GameEvent;
import io.playpulse.it.Browser;
import io.playpulse.it.LiveServices;
import io.playpulse.it.SqlFiles;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.tools.GameSimulation;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.SchemaTool;
import io.playpulse.tools.SimulationSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.ParameterTool;

/**
 * How fast the dashboard is with a big game_events (scripts/bench-dashboard.sh): every panel query's
 * latency as the read-only user, a whole refresh, and the page load in headless Chromium, from
 * navigation start to the first snapshot rendered.
 * <pre>
 *   --events 1000000   load this many simulated events over --hours 12 ending now into a fresh
 *                      database bench_dashboard, with the KPI tables the recompute queries give
 *                      (0: use --database as it is, e.g. the demo's playpulse)
 *   --runs 20 --page-loads 5 --results .run/bench/dashboard.json --screenshot file.png
 *   --clickhouse.url http://127.0.0.1:8123 --flink.rest http://127.0.0.1:8081
 * </pre>
 * The read-only user's password comes from CLICKHOUSE_READER_PASSWORD, as for the server.
 */
public final class DashboardBenchmark {
    private static final int BATCH = 100_000;

    public static void main(String[] args) throws Exception {
        ParameterTool options = ParameterTool.fromArgs(args);
        long events = options.getLong("events", 1_000_000);
        String database = options.get("database", events > 0 ? "bench_dashboard" : "playpulse");
        String clickHouse = options.get("clickhouse.url", "http://127.0.0.1:8123");
        // Loading makes the database: the administrator's work (scripts/bench-dashboard.sh passes the password).
        ClickHouseHttp writer = new ClickHouseHttp(clickHouse, database, "default",
                System.getenv().getOrDefault("CLICKHOUSE_ADMIN_PASSWORD", ""));
        long now = System.currentTimeMillis();
        if (events > 0) {
            if (!database.startsWith("bench_")) {
                throw new IllegalArgumentException("loading drops and re-creates the database: name one bench_*, or"
                        + " pass --events 0 to measure " + database + " as it is");
            }
            load(writer, events, Duration.ofHours(options.getInt("hours", 12)), now);
        }
        String password = System.getenv().getOrDefault("CLICKHOUSE_READER_PASSWORD", "");
        ClickHouseHttp reader = new ClickHouseHttp(clickHouse, database, DashboardSettings.READER_USER, password);
        ObjectNode results = new ObjectMapper().createObjectNode();
        results.put("database", database);
        results.put("game_events", writer.count("SELECT count() FROM game_events"));

        int runs = options.getInt("runs", 20);
        ObjectNode queries = results.putObject("query_ms");
        long nowSeconds = now / 1000;
        for (Map.Entry<String, String> query : PanelReader.load(Path.of("sql", PanelReader.DIR)).entrySet()) {
            String sql = PanelReader.bind(query.getValue(), nowSeconds);
            reader.query(sql); // warm-up
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                reader.query(sql);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            queries.set(query.getKey(), summary(ms));
            System.out.printf("dashboard: query %-15s median %6.1f ms, max %6.1f ms%n", query.getKey(),
                    median(ms), Arrays.stream(ms).max().orElseThrow());
        }

        DashboardSettings settings = new DashboardSettings("127.0.0.1", LiveServices.freePort(), clickHouse, database,
                DashboardSettings.READER_USER, password, URI.create(options.get("flink.rest", "http://127.0.0.1:8081")),
                Path.of("sql"), DashboardSettings.REFRESH_INTERVAL, DashboardSettings.STALE_AFTER);
        PanelReader panels = new PanelReader(reader, settings.sqlDir(), Clock.systemUTC(),
                settings.staleAfter().toSeconds(), new JobStatusReader(settings.flinkRest(), Clock.systemUTC()));
        double[] refresh = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            panels.read(settings.refreshInterval().toSeconds());
            refresh[i] = (System.nanoTime() - start) / 1e6;
        }
        results.set("refresh_ms", summary(refresh));
        System.out.printf("dashboard: a whole refresh (every panel and the job's state) median %.1f ms, max %.1f ms%n",
                median(refresh), Arrays.stream(refresh).max().orElseThrow());

        try (DashboardServer server = DashboardServer.start(settings, Clock.systemUTC());
                Browser browser = new Browser()) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            browser.open(url); // warm-up: the browser's own start
            double[] load = new double[options.getInt("page-loads", 5)];
            for (int i = 0; i < load.length; i++) {
                browser.open("about:blank");
                browser.open(url);
                load[i] = awaitFirstRender(browser);
            }
            results.set("page_load_ms", summary(load));
            System.out.printf("dashboard: page load (navigation to first snapshot rendered) median %.0f ms, max %.0f ms%n",
                    median(load), Arrays.stream(load).max().orElseThrow());
            if (options.has("screenshot")) {
                Thread.sleep(3 * settings.refreshInterval().toMillis());
                browser.screenshot(Path.of(options.get("screenshot")));
            }
        }
        Path file = Path.of(options.get("results", ".run/bench/dashboard.json"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, results.toPrettyString());
        System.out.println("dashboard: figures in " + file);
    }

    private static double awaitFirstRender(Browser browser) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            Object ms = browser.script("return window.playpulse && window.playpulse.firstRenderMs");
            if (ms instanceof Number n) {
                return n.doubleValue();
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("the page rendered no snapshot within 5 s");
    }

    /** game_events from the simulation, then the dashboard's tables as the job would fill them. */
    private static void load(ClickHouseHttp ch, long events, Duration span, long endMs) throws Exception {
        ch.executeWithoutDatabase("DROP DATABASE IF EXISTS " + ch.database());
        SchemaTool.apply(ch, Path.of("sql"));
        long startMs = endMs - span.toMillis();
        SimulationSettings settings = SimulationSettings.defaults().withSeed(5L).withStartMs(startMs)
                .withEventsPerSecond((double) events / span.toSeconds()).withIncidentsFrom(startMs);
        GameSimulation simulation = new GameSimulation(settings);
        List<GameEvent> batch = new ArrayList<>();
        long loaded = 0;
        long started = System.nanoTime();
        while (loaded < events) {
            GeneratedRecord r = simulation.next();
            if (r.kind() != GeneratedRecord.Kind.VALID || r.event().timestampMs >= endMs) {
                continue;
            }
            batch.add(r.event());
            loaded++;
            if (batch.size() == BATCH) {
                ch.insert(GameEvent.TABLE, batch);
                batch.clear();
            }
        }
        ch.insert(GameEvent.TABLE, batch);
        fill(ch, "kpi_dashboard_minute", "minute, platform, events, users, login_users, logout_users, error_events, ccu");
        fill(ch, "kpi_dashboard_revenue_minute", "minute, platform, currency, revenue, transactions");
        fill(ch, "kpi_ccu_minute", "minute, server_id, platform, ccu");
        fill(ch, "kpi_server_health_minute", "minute, server_id, events, error_events, responses, p95_response_ms");
        ch.execute("INSERT INTO kpi_daily_players (day, platform, active_users, new_players, returning_players, as_of,"
                + " is_final, version) SELECT day, platform, uniqExact(user_id), 0, uniqExact(user_id), max(event_time),"
                + " 0, 1 FROM (SELECT toDate(event_time) AS day, platform, user_id, event_time FROM game_events)"
                + " GROUP BY day, platform");
        // A score at every logout and an alert at every client error: more rows than the job writes.
        ch.execute("INSERT INTO churn_predictions (user_id, predicted_at_ms, trigger, server_id, platform,"
                + " churn_probability, risk_level, model_version, version) SELECT user_id, timestamp_ms, 'session_end',"
                + " server_id, platform, p, CAST(multiIf(p > 0.7, 'high', p > 0.3, 'medium', 'low') AS"
                + " Nullable(Enum8('low' = 1, 'medium' = 2, 'high' = 3))), 'bench', 1 FROM (SELECT user_id,"
                + " timestamp_ms, server_id, platform, (cityHash64(event_id) % 1000) / 1000 AS p FROM game_events"
                + " WHERE event_type = 'USER_LOGOUT')");
        ch.execute("INSERT INTO alerts (alert_id, rule, severity, dedup_key, title, summary, user_id, server_id, platform,"
                + " window_start, window_end, first_event_time, last_event_time, event_count, detected_at, details,"
                + " runbook, version) SELECT event_id, 'client_crash', 'error', concat('client_crash|', server_id),"
                + " concat('Client crash on ', server_id), 'benchmark row', user_id, server_id, platform, event_time,"
                + " event_time, event_time, event_time, 1, event_time, '{}', '', 1 FROM game_events"
                + " WHERE event_type = 'ERROR_OCCURRED'");
        System.out.printf("dashboard: loaded %,d events over %s and the dashboard's tables in %.0f s%n", loaded, span,
                (System.nanoTime() - started) / 1e9);
    }

    private static void fill(ClickHouseHttp ch, String table, String columns) throws Exception {
        ch.execute("INSERT INTO " + table + " (" + columns + ", version) SELECT " + columns + ", 1 FROM ("
                + SqlFiles.query(table) + ")");
    }

    private static ObjectNode summary(double[] ms) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("median", Math.round(median(ms) * 10) / 10.0);
        node.put("max", Math.round(Arrays.stream(ms).max().orElseThrow() * 10) / 10.0);
        node.put("runs", ms.length);
        return node;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

}
