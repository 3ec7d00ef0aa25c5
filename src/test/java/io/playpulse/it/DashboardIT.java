package io.playpulse.it;

import static io.playpulse.it.LiveServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.alert.Alert;
import io.playpulse.churn.ChurnPrediction;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.dashboard.DashboardServer;
import io.playpulse.dashboard.DashboardSettings;
import io.playpulse.player.ChurnFeatures;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.SimulationSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated hours through the production job, then the dashboard in headless Chromium: every
 * panel shows what the recompute queries of sql/queries give over game_events (and the job's state
 * from Flink's REST API), a new alert appears within 5 s, old figures are called stale, and the page
 * recovers by itself after the server restarts.
 */
class DashboardIT {
    private static final Duration SPAN = Duration.ofHours(2);
    private static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final Path MODEL = Path.of("models", "churn-v1.json");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(15);

    @TempDir
    Path checkpoints;

    @Test
    void thePageShowsWhatTheRecomputeQueriesGiveAndStaysLive() throws Exception {
        String name = unique("dashboard");
        LiveServices.createTopics(Map.of(name + "-events", 4, name + "-dlq", 1, name + "-alerts", 1));
        ClickHouseHttp ch = LiveServices.freshDatabase("it_dashboard");
        Map<String, String> settings = LiveServices.jobSettings(name, ch);
        settings.put("checkpoint-interval", "2 s");
        settings.put("churn.model", MODEL.toString());

        long end = System.currentTimeMillis();
        long start = end - SPAN.toMillis();
        SimulationSettings simulation = SimulationSettings.defaults().withSeed(11L).withStartMs(start)
                .withEventsPerSecond(8).withIncidentsFrom(start + Duration.ofMinutes(20).toMillis());
        List<GeneratedRecord> records = GeneratedInput.simulate(simulation, end);
        try (JobRunner runner = new JobRunner(2, "hashmap", checkpoints)) {
            runner.start(PlayPulseConfig.of(settings));
            GeneratedInput input = GeneratedInput.send(name + "-events", records, 0).get(2, TimeUnit.MINUTES);
            int events = input.distinctValidEvents().size();
            JobRunner.await("every event stored and the job's outputs steady", Duration.ofMinutes(4),
                    () -> steady(ch, events));

            plantHighRiskScores(ch, end);

            MovableClock clock = new MovableClock();
            int port = LiveServices.freePort();
            DashboardSettings dashboard = new DashboardSettings("127.0.0.1", port, LiveServices.CLICKHOUSE,
                    ch.database(), "playpulse_reader", LiveServices.readerPassword(), runner.restAddress(),
                    Path.of("sql"), DashboardSettings.REFRESH_INTERVAL, STALE_AFTER);
            DashboardServer[] server = {DashboardServer.start(dashboard, clock)};
            try (Browser browser = new Browser()) {
                browser.open("http://127.0.0.1:" + port + "/");
                awaitPage("the first snapshot rendered",
                        () -> "true".equals(browser.script("return document.body.dataset.loaded || null")));
                assertJob(browser);

                // Every figure below is compared for one instant: the clock stands still meanwhile.
                long now = clock.freeze();
                awaitPage("a snapshot read at the frozen instant", () -> ((Number) browser.script(
                        "return window.playpulse.snapshot.generatedAt")).longValue() == now);
                assertActivity(browser, ch, now);
                assertDailyPlayers(browser, ch, now);
                assertRevenue(browser, ch, now);
                assertAlerts(browser, ch, now);
                assertChurn(browser, ch);
                assertServers(browser, ch);
                browser.screenshot(Path.of("target", "dashboard.png"));

                assertANewAlertAppearsWithinFiveSeconds(browser, ch, clock);
                assertOldFiguresAreCalledStale(browser, clock);
                clock.thaw();
                server[0] = assertThePageRecoversAfterARestart(browser, server[0], dashboard, clock);
            } finally {
                server[0].close();
            }
        } finally {
            LiveServices.dropDatabase(ch);
        }
    }

    private String lastOutputs = "";
    private int steadyPolls;

    /** Every event stored, and the newest minute, scores and alerts unchanged for three seconds. */
    private boolean steady(ClickHouseHttp ch, int events) {
        try {
            String outputs = ch.scalar("SELECT concat(toString((SELECT max(minute) FROM kpi_dashboard_minute)), '/', "
                    + "toString((SELECT count() FROM churn_predictions)), '/', toString((SELECT count() FROM alerts)), '/', "
                    + "toString((SELECT count() FROM kpi_daily_players)))");
            boolean all = ch.count("SELECT count() FROM game_events FINAL") == events;
            steadyPolls = all && outputs.equals(lastOutputs) ? steadyPolls + 1 : 0;
            lastOutputs = outputs;
            return steadyPolls >= 6;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Two hours of play leave no player at risk, so scores are added as the job writes them: 12
     * high-risk players, one whose latest score is low again, one scored high 25 hours ago.
     */
    private static void plantHighRiskScores(ClickHouseHttp ch, long now) throws Exception {
        List<ChurnPrediction> scores = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            scores.add(score(990_000 + i, now - Duration.ofMinutes(5 + i).toMillis(), 0.71 + i * 0.02, "high"));
        }
        scores.add(score(990_100, now - Duration.ofHours(3).toMillis(), 0.99, "high"));
        scores.add(score(990_100, now - Duration.ofMinutes(30).toMillis(), 0.12, "low"));
        scores.add(score(990_200, now - Duration.ofHours(25).toMillis(), 0.98, "high"));
        ch.insert(ChurnPrediction.TABLE, scores);
    }

    private static ChurnPrediction score(long userId, long atMs, double probability, String risk) {
        ChurnPrediction p = new ChurnPrediction();
        p.userId = userId;
        p.predictedAtMs = atMs;
        p.trigger = "session_end";
        p.serverId = "kr-1";
        p.platform = "PC";
        p.churnProbability = probability;
        p.riskLevel = risk;
        p.modelVersion = "churn-v1";
        p.features = new double[ChurnFeatures.NAMES.size()];
        return p;
    }

    private static void assertActivity(Browser browser, ClickHouseHttp ch, long now) throws Exception {
        long latest = ch.count("SELECT toUInt32(max(minute)) FROM kpi_dashboard_minute");
        List<Map<String, String>> minutes = ch.query("SELECT toUInt32(minute) AS m, sum(events) AS e, sum(ccu) AS c FROM ("
                + SqlFiles.query("kpi_dashboard_minute") + ") WHERE minute > toDateTime(" + now + ") - 10800 "
                + "AND minute <= toDateTime(" + latest + ") GROUP BY minute ORDER BY minute");
        Map<String, String> last = minutes.get(minutes.size() - 1);
        assertThat(Long.parseLong(last.get("m"))).isEqualTo(latest);
        long events = Long.parseLong(last.get("e"));
        assertThat(browser.text("events-per-second")).isEqualTo(fixed(Math.round(events * 10.0 / 60) / 10.0, 1));
        assertThat(browser.text("ccu-now")).isEqualTo(integer(last.get("c")));
        assertThat(series(browser, "ccu", 0)).isEqualTo(minutes.stream().map(r -> Double.parseDouble(r.get("m"))).toList());
        assertThat(series(browser, "ccu", 1)).isEqualTo(minutes.stream().map(r -> Double.parseDouble(r.get("c"))).toList());
        assertThat(browser.attribute("panel-ccu", "data-stale")).isEqualTo("false");
    }

    private static void assertDailyPlayers(Browser browser, ClickHouseHttp ch, long now) throws Exception {
        String today = "toDate(toDateTime(" + now + "))";
        String asOf = ch.scalar("SELECT toUInt32(max(as_of)) FROM kpi_daily_players WHERE day = " + today);
        List<Map<String, String>> platforms = ch.query("SELECT platform, active_users FROM ("
                + SqlFiles.query("kpi_daily_players") + ") WHERE day = " + today + " AND as_of = toDateTime(" + asOf
                + ") ORDER BY platform");
        if (platforms.isEmpty()) { // the day has only begun: no count yet
            assertThat(browser.text("dau")).isEqualTo("–");
            return;
        }
        long total = platforms.stream().mapToLong(p -> Long.parseLong(p.get("active_users"))).sum();
        assertThat(browser.text("dau")).isEqualTo(String.format(Locale.US, "%,d", total));
        assertThat(browser.text("dau-platforms")).isEqualTo(platforms.stream()
                .map(p -> p.get("platform") + " " + integer(p.get("active_users"))).collect(Collectors.joining(" · ")));
    }

    private static void assertRevenue(Browser browser, ClickHouseHttp ch, long now) throws Exception {
        long latest = ch.count("SELECT toUInt32(max(minute)) FROM kpi_dashboard_minute");
        String today = "minute >= toStartOfDay(toDateTime(" + now + ")) AND minute <= toDateTime(" + latest + ")";
        String recompute = "(" + SqlFiles.query("kpi_dashboard_revenue_minute") + ")";
        List<Map<String, String>> totals = ch.query("SELECT currency, sum(revenue) AS r, sum(transactions) AS t FROM "
                + recompute + " WHERE " + today + " GROUP BY currency ORDER BY currency");
        assertThat(browser.rows("revenue-totals")).isEqualTo(totals.stream().map(t -> List.of(t.get("currency"),
                money(Long.parseLong(t.get("r")), t.get("currency")), integer(t.get("t")))).toList());

        List<Double> hours = ch.query("SELECT DISTINCT toUInt32(toStartOfHour(minute)) AS h FROM " + recompute
                + " WHERE " + today + " ORDER BY h").stream().map(r -> Double.parseDouble(r.get("h"))).toList();
        Map<String, Long> byHourAndCurrency = new HashMap<>();
        for (Map<String, String> r : ch.query("SELECT toUInt32(toStartOfHour(minute)) AS h, currency, sum(revenue) AS r FROM "
                + recompute + " WHERE " + today + " GROUP BY h, currency")) {
            byHourAndCurrency.put(r.get("h") + "/" + r.get("currency"), Long.parseLong(r.get("r")));
        }
        for (Map<String, String> total : totals) {
            String currency = total.get("currency");
            double scale = Math.pow(10, digits(currency));
            assertThat(series(browser, "revenue-" + currency, 0)).isEqualTo(hours);
            assertThat(series(browser, "revenue-" + currency, 1)).as("hourly %s", currency)
                    .isEqualTo(hours.stream().map(h -> byHourAndCurrency.getOrDefault(h.longValue() + "/" + currency, 0L) / scale)
                            .toList());
        }
    }

    private static void assertAlerts(Browser browser, ClickHouseHttp ch, long now) throws Exception {
        List<List<String>> expected = ch.query("SELECT formatDateTime(detected_at, '%H:%M:%S') AS t, "
                + "toString(severity) AS s, rule, title FROM alerts FINAL WHERE detected_at > toDateTime(" + now
                + ") - 3600 AND detected_at <= toDateTime(" + now + ") ORDER BY detected_at DESC, alert_id LIMIT 50")
                .stream().map(r -> List.of(r.get("t"), r.get("s"), r.get("rule"), r.get("title"))).toList();
        assertThat(expected).as("the simulated incidents fired alerts").isNotEmpty();
        assertThat(browser.rows("alerts")).isEqualTo(expected);
    }

    private static void assertChurn(Browser browser, ClickHouseHttp ch) throws Exception {
        List<List<String>> top = ch.query(SqlFiles.query("churn_high_risk_players")).stream().limit(10)
                .map(r -> List.of(r.get("user_id"), fixed(Double.parseDouble(r.get("probability")), 3),
                        r.get("server"), r.get("player_platform")))
                .toList();
        assertThat(top).as("the planted high-risk players").hasSize(10);
        assertThat(browser.rows("churn-top")).isEqualTo(top);
        Map<String, String> levels = new HashMap<>(Map.of("low", "0", "medium", "0", "high", "0"));
        ch.query("SELECT toString(risk) AS risk, count() AS players FROM (SELECT user_id, argMax(risk_level, "
                + "predicted_at_ms) AS risk FROM churn_predictions FINAL WHERE predicted_at >= now() - 86400 "
                + "AND churn_probability IS NOT NULL GROUP BY user_id) GROUP BY risk")
                .forEach(r -> levels.put(r.get("risk"), r.get("players")));
        assertThat(Long.parseLong(levels.get("low")) + Long.parseLong(levels.get("medium"))
                + Long.parseLong(levels.get("high"))).as("scored players").isPositive();
        for (String level : List.of("low", "medium", "high")) {
            assertThat(browser.script("return document.querySelector('#churn-levels [data-level=" + level + "] b').textContent"))
                    .as("players at %s risk", level).isEqualTo(integer(levels.get(level)));
        }
    }

    private static void assertServers(Browser browser, ClickHouseHttp ch) throws Exception {
        long minute = ch.count("SELECT toUInt32(least((SELECT max(minute) FROM kpi_server_health_minute),"
                + " (SELECT max(minute) FROM kpi_ccu_minute)))");
        Map<String, String> ccu = new HashMap<>();
        ch.query("SELECT server_id, sum(ccu) AS c FROM (" + SqlFiles.query("kpi_ccu_minute") + ") WHERE minute = toDateTime("
                + minute + ") GROUP BY server_id").forEach(r -> ccu.put(r.get("server_id"), r.get("c")));
        List<List<String>> expected = ch.query("SELECT server_id, events, p95_response_ms, error_rate FROM ("
                + SqlFiles.query("kpi_server_health_minute") + ") WHERE minute = toDateTime(" + minute + ") ORDER BY server_id")
                .stream().map(r -> List.of(r.get("server_id"), integer(ccu.getOrDefault(r.get("server_id"), "0")),
                        integer(r.get("events")),
                        fixed(Double.parseDouble(r.get("p95_response_ms")), 0),
                        fixed(Double.parseDouble(r.get("error_rate")) * 100, 2) + "%"))
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(browser.rows("servers")).isEqualTo(expected);
    }

    private static void assertJob(Browser browser) throws Exception {
        awaitPage("Flink's numRestarts metric", () -> !browser.text("job-restarts").equals("–"));
        assertThat(browser.text("job-state")).isEqualTo("RUNNING");
        assertThat(browser.text("job-restarts")).isEqualTo("0");
        assertThat(browser.text("job-checkpoint-age")).matches("\\d+ s ago");
        assertThat(Long.parseLong(browser.text("job-checkpoint-age").split(" ")[0])).isLessThan(30);
    }

    private static void assertANewAlertAppearsWithinFiveSeconds(Browser browser, ClickHouseHttp ch, Clock clock)
            throws Exception {
        String title = "dashboard test alert " + UUID.randomUUID();
        Alert alert = Alert.of("crash_spike", title, "crash_spike|dashboard-it");
        alert.title = title;
        alert.summary = "inserted by DashboardIT";
        alert.serverId = "dashboard-it";
        alert.detectedAtMs = clock.millis();
        alert.onOneEventAt(clock.millis());
        alert.detailsJson = "{}";
        long inserted = System.nanoTime();
        ch.insert(Alert.TABLE, List.of(alert));
        awaitPage("the new alert on the page",
                () -> browser.rows("alerts").stream().anyMatch(row -> row.size() == 4 && row.get(3).equals(title)));
        assertThat(Duration.ofNanos(System.nanoTime() - inserted)).isLessThan(Duration.ofSeconds(5));
        assertThat(browser.rows("alerts").get(0)).containsExactly(
                DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(alert.detectedAtMs)),
                "critical", "crash_spike", title);
    }

    private static void assertOldFiguresAreCalledStale(Browser browser, MovableClock clock) throws Exception {
        clock.shift(STALE_AFTER.plusMinutes(5));
        awaitPage("the minute panels called stale", () -> "true".equals(browser.attribute("panel-ccu", "data-stale")));
        assertThat(browser.script("return document.querySelector('#panel-ccu .asof').textContent")).asString()
                .startsWith("STALE").contains("no new closed minute since then");
        assertThat(browser.attribute("panel-servers", "data-stale")).isEqualTo("true");
        assertThat(browser.attribute("panel-job", "data-stale")).as("the job still runs").isEqualTo("false");
        clock.shift(Duration.ZERO);
        awaitPage("the minute panels fresh again", () -> "false".equals(browser.attribute("panel-ccu", "data-stale")));
    }

    private static DashboardServer assertThePageRecoversAfterARestart(Browser browser, DashboardServer server,
            DashboardSettings settings, Clock clock) throws Exception {
        server.close();
        awaitPage("the page to notice the server went away",
                () -> "disconnected".equals(browser.attribute("connection", "data-state")));
        long rendersBefore = ((Number) browser.script("return window.playpulse.renders")).longValue();
        DashboardServer restarted = DashboardServer.start(settings, clock);
        awaitPage("the page live again", () -> "live".equals(browser.attribute("connection", "data-state"))
                && ((Number) browser.script("return window.playpulse.renders")).longValue() > rendersBefore);
        assertThat(browser.attribute("panel-ccu", "data-stale")).isEqualTo("false");
        return restarted;
    }

    @SuppressWarnings("unchecked")
    private static List<Double> series(Browser browser, String chart, int index) {
        List<Object> values = (List<Object>) browser.script(
                "return Array.from(window.playpulse.charts['" + chart + "'].data[" + index + "])");
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(((Number) v).doubleValue()));
        return out;
    }

    /** As JavaScript's toFixed shows a number: the double's exact value, rounded half up. */
    private static String fixed(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    private static String integer(String value) {
        return String.format(Locale.US, "%,d", Long.parseLong(value));
    }

    private static int digits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** As the page shows money: major units with the currency's ISO digits, then its code. */
    private static String money(long minor, String currency) {
        int digits = digits(currency);
        return String.format(Locale.US, "%,." + digits + "f %s", BigDecimal.valueOf(minor, digits), currency);
    }

    private static void awaitPage(String what, BooleanSupplier condition) throws InterruptedException {
        JobRunner.await(what, PAGE_WAIT, condition);
    }


    /**
     * The system clock, which can stand still (so the page and the expectations are read for one
     * instant) and be moved ahead (how the page looks once no new minute comes).
     */
    private static final class MovableClock extends Clock {
        private final AtomicLong offsetMs = new AtomicLong();
        private final AtomicReference<Instant> frozen = new AtomicReference<>();

        /** Stops the clock at a whole second from now on; returns that second. */
        long freeze() {
            Instant at = Instant.ofEpochSecond(Instant.now().getEpochSecond());
            frozen.set(at);
            return at.getEpochSecond();
        }

        void thaw() {
            frozen.set(null);
        }

        void shift(Duration by) {
            offsetMs.set(by.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            Instant base = frozen.get();
            return (base == null ? Instant.now() : base).plusMillis(offsetMs.get());
        }
    }
}
