package io.playpulse.dashboard;

import io.playpulse.dashboard.Snapshot.Activity;
import io.playpulse.dashboard.Snapshot.AlertLine;
import io.playpulse.dashboard.Snapshot.ChurnRisk;
import io.playpulse.dashboard.Snapshot.CurrencyTotal;
import io.playpulse.dashboard.Snapshot.DailyPlayers;
import io.playpulse.dashboard.Snapshot.HourRevenue;
import io.playpulse.dashboard.Snapshot.MinutePoint;
import io.playpulse.dashboard.Snapshot.PlatformPlayers;
import io.playpulse.dashboard.Snapshot.RevenueToday;
import io.playpulse.dashboard.Snapshot.RiskyPlayer;
import io.playpulse.dashboard.Snapshot.ServerLine;
import io.playpulse.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every panel from ClickHouse with the queries of sql/dashboard, which read the job's KPI,
 * alert and churn tables, never game_events. The only values put into them come from the
 * dashboard's own clock: {@code {now}} and {@code {day_start}} as {@code toDateTime(<epoch seconds>)},
 * {@code {today}} as {@code toDate('yyyy-MM-dd')}, all UTC. Times come back as epoch seconds, so
 * nothing depends on the server's time zone. A panel that cannot be read keeps its last figures,
 * marked stale with the reason; the details go to the log, not to the page.
 */
final class PanelReader {
    static final String DIR = "dashboard";
    private static final Logger LOG = LoggerFactory.getLogger(PanelReader.class);
    private static final List<String> RISK_LEVELS = List.of("low", "medium", "high");
    private static final long SECONDS_PER_MINUTE = 60;
    private static final long SECONDS_PER_DAY = 86_400;

    private final ClickHouseHttp clickHouse;
    private final Map<String, String> queries;
    private final Clock clock;
    private final long staleAfterSeconds;
    private final JobStatusReader jobStatus;
    private final String server = UUID.randomUUID().toString();
    private long sequence;
    private Snapshot last;

    PanelReader(ClickHouseHttp clickHouse, Path sqlDir, Clock clock, long staleAfterSeconds, JobStatusReader jobStatus) {
        this.clickHouse = clickHouse;
        this.queries = load(sqlDir.resolve(DIR));
        this.clock = clock;
        this.staleAfterSeconds = staleAfterSeconds;
        this.jobStatus = jobStatus;
    }

    /** The query files by name (without .sql). */
    static Map<String, String> load(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Map<String, String> byName = new TreeMap<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                String name = file.getFileName().toString();
                byName.put(name.substring(0, name.length() - ".sql".length()), Files.readString(file));
            }
            return byName;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard queries in " + dir, e);
        }
    }

    /** Reads every panel now; never throws (a panel it cannot read says so). Called from one thread at a time. */
    Snapshot read(long refreshSeconds) {
        long now = clock.instant().getEpochSecond();
        long staleBefore = now - staleAfterSeconds;
        Snapshot previous = last;
        Panel<Activity> activity = guarded(previous == null ? null : previous.activity(), () -> activity(now, staleBefore));
        Long latestMinute = activity.data() == null ? null : activity.data().latestMinute();
        Snapshot snapshot = new Snapshot(server, ++sequence, now, refreshSeconds,
                activity,
                guarded(previous == null ? null : previous.dailyPlayers(), () -> dailyPlayers(now, staleBefore)),
                guarded(previous == null ? null : previous.revenue(),
                        () -> Panel.checked(revenue(now), latestMinute, staleBefore, "closed minute")),
                guarded(previous == null ? null : previous.alerts(), () -> Panel.fresh(alerts(now), now)),
                guarded(previous == null ? null : previous.churn(), () -> Panel.fresh(churn(now), now)),
                guarded(previous == null ? null : previous.servers(), () -> servers(now, staleBefore)),
                jobStatus.read(previous == null ? null : previous.job()));
        last = snapshot;
        return snapshot;
    }

    private interface Read<T> {
        Panel<T> get() throws IOException;
    }

    private static <T> Panel<T> guarded(Panel<T> previous, Read<T> read) {
        try {
            return read.get();
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return Panel.unrefreshed(previous, "ClickHouse unreachable");
        } catch (IOException | RuntimeException e) {
            LOG.warn("a dashboard query failed", e);
            return Panel.unrefreshed(previous, "ClickHouse query failed (see the dashboard's log)");
        }
    }

    /** The query with the clock's values in place of its placeholders. */
    static String bind(String sql, long nowEpochSeconds) {
        long dayStart = Math.floorDiv(nowEpochSeconds, SECONDS_PER_DAY) * SECONDS_PER_DAY;
        return sql.replace("{now}", "toDateTime(" + nowEpochSeconds + ")")
                .replace("{day_start}", "toDateTime(" + dayStart + ")")
                .replace("{today}", "toDate('" + LocalDate.ofEpochDay(dayStart / SECONDS_PER_DAY) + "')");
    }

    private List<Map<String, String>> rows(String query, long now) throws IOException {
        return clickHouse.query(bind(queries.get(query), now));
    }

    private Panel<Activity> activity(long now, long staleBefore) throws IOException {
        List<MinutePoint> minutes = new ArrayList<>();
        for (Map<String, String> row : rows("minutes", now)) {
            minutes.add(new MinutePoint(num(row, "minute_s"), num(row, "events"), num(row, "ccu")));
        }
        if (minutes.isEmpty()) {
            return Panel.checked(new Activity(minutes, null, null, null), null, staleBefore, "closed minute");
        }
        MinutePoint latest = minutes.get(minutes.size() - 1);
        double eventsPerSecond = Math.round(latest.events() * 10.0 / SECONDS_PER_MINUTE) / 10.0;
        return Panel.checked(new Activity(minutes, latest.minute(), eventsPerSecond, latest.ccu()),
                latest.minute(), staleBefore, "closed minute");
    }

    private Panel<DailyPlayers> dailyPlayers(long now, long staleBefore) throws IOException {
        List<PlatformPlayers> platforms = new ArrayList<>();
        long total = 0;
        Long asOf = null;
        for (Map<String, String> row : rows("daily_players", now)) {
            PlatformPlayers p = new PlatformPlayers(row.get("platform"), num(row, "active_users"),
                    num(row, "new_players"), num(row, "returning_players"));
            platforms.add(p);
            total += p.activeUsers();
            long rowAsOf = num(row, "as_of_s");
            asOf = asOf == null ? rowAsOf : Math.max(asOf, rowAsOf);
        }
        return Panel.checked(platforms.isEmpty() ? null : new DailyPlayers(platforms, total), asOf, staleBefore,
                "count today");
    }

    private RevenueToday revenue(long now) throws IOException {
        Map<String, long[]> totals = new TreeMap<>();
        List<HourRevenue> hours = new ArrayList<>();
        for (Map<String, String> row : rows("revenue_today", now)) {
            String currency = row.get("currency");
            long revenue = num(row, "revenue");
            hours.add(new HourRevenue(num(row, "hour_s"), currency, revenue));
            long[] total = totals.computeIfAbsent(currency, c -> new long[2]);
            total[0] += revenue;
            total[1] += num(row, "transactions");
        }
        List<CurrencyTotal> byCurrency = new ArrayList<>();
        totals.forEach((currency, t) -> byCurrency.add(new CurrencyTotal(currency, minorDigits(currency), t[0], t[1])));
        return new RevenueToday(byCurrency, hours);
    }

    private List<AlertLine> alerts(long now) throws IOException {
        List<AlertLine> alerts = new ArrayList<>();
        for (Map<String, String> row : rows("alerts", now)) {
            alerts.add(new AlertLine(num(row, "detected_at_s"), row.get("severity"), row.get("rule"),
                    row.get("title"), row.get("summary"), row.get("alert_id")));
        }
        return alerts;
    }

    private ChurnRisk churn(long now) throws IOException {
        Map<String, Long> levels = new LinkedHashMap<>();
        RISK_LEVELS.forEach(level -> levels.put(level, 0L));
        for (Map<String, String> row : rows("churn_risk", now)) {
            levels.put(row.get("risk"), num(row, "players"));
        }
        List<RiskyPlayer> top = new ArrayList<>();
        for (Map<String, String> row : rows("churn_top", now)) {
            top.add(new RiskyPlayer(num(row, "user_id"), Double.parseDouble(row.get("probability")),
                    row.get("server"), row.get("player_platform"), num(row, "scored_at_s")));
        }
        return new ChurnRisk(levels, top);
    }

    private Panel<List<ServerLine>> servers(long now, long staleBefore) throws IOException {
        Map<String, Long> ccuByServer = new TreeMap<>();
        for (Map<String, String> row : rows("server_ccu", now)) {
            ccuByServer.put(row.get("server_id"), num(row, "ccu"));
        }
        List<ServerLine> servers = new ArrayList<>();
        Long minute = null;
        for (Map<String, String> row : rows("server_health", now)) {
            minute = num(row, "minute_s");
            String server = row.get("server_id");
            servers.add(new ServerLine(server, num(row, "events"), Double.parseDouble(row.get("p95_response_ms")),
                    Double.parseDouble(row.get("error_rate")), ccuByServer.getOrDefault(server, 0L)));
        }
        return Panel.checked(servers, minute, staleBefore, "closed minute");
    }

    private static long num(Map<String, String> row, String column) {
        return Long.parseLong(row.get(column));
    }

    /** The currency's minor-unit digits (ISO 4217); 0 for a code Java does not know. */
    static int minorDigits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
