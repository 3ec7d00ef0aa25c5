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
import io.playpulse.sink.ClickHouseHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads every panel from ClickHouse with the queries of sql/dashboard, which read the job's KPI,
 * alert and churn tables, never game_events. The one value put into them is the dashboard's own
 * clock, as {@code toDateTime(<epoch seconds>)}. A panel that cannot be read keeps its last figures,
 * marked stale with the reason.
 */
final class PanelReader {
    static final String DIR = "dashboard";
    private static final DateTimeFormatter CLICKHOUSE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> RISK_LEVELS = List.of("low", "medium", "high");
    private static final long SECONDS_PER_MINUTE = 60;

    private final ClickHouseHttp clickHouse;
    private final Map<String, String> queries;
    private final Clock clock;
    private final long staleAfterSeconds;
    private final JobStatusReader jobStatus;
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

    /** Reads every panel now. Called from one thread at a time. */
    Snapshot read(long refreshSeconds) {
        long now = clock.instant().getEpochSecond();
        long staleBefore = now - staleAfterSeconds;
        Snapshot previous = last;
        Panel<Activity> activity = guarded(previous == null ? null : previous.activity(), () -> activity(now, staleBefore));
        Long latestMinute = activity.data() == null ? null : activity.data().latestMinute();
        Snapshot snapshot = new Snapshot(now, refreshSeconds,
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
        } catch (IOException | RuntimeException e) {
            return Panel.unrefreshed(previous, "ClickHouse: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreachable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private List<Map<String, String>> rows(String query, long now) throws IOException {
        return clickHouse.query(queries.get(query).replace("{now}", "toDateTime(" + now + ")"));
    }

    private Panel<Activity> activity(long now, long staleBefore) throws IOException {
        List<MinutePoint> minutes = new ArrayList<>();
        for (Map<String, String> row : rows("minutes", now)) {
            minutes.add(new MinutePoint(epoch(row.get("minute")), num(row, "events"), num(row, "ccu")));
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
            long rowAsOf = epoch(row.get("as_of"));
            asOf = asOf == null ? rowAsOf : Math.max(asOf, rowAsOf);
        }
        return Panel.checked(new DailyPlayers(platforms, total), asOf, staleBefore, "count today");
    }

    private RevenueToday revenue(long now) throws IOException {
        Map<String, long[]> totals = new TreeMap<>();
        List<HourRevenue> hours = new ArrayList<>();
        for (Map<String, String> row : rows("revenue_today", now)) {
            String currency = row.get("currency");
            long revenue = num(row, "revenue");
            hours.add(new HourRevenue(epoch(row.get("hour")), currency, revenue));
            long[] total = totals.computeIfAbsent(currency, c -> new long[2]);
            total[0] += revenue;
            total[1] += num(row, "transactions");
        }
        List<CurrencyTotal> byCurrency = new ArrayList<>();
        totals.forEach((currency, t) -> byCurrency.add(new CurrencyTotal(currency, t[0], t[1])));
        return new RevenueToday(byCurrency, hours);
    }

    private List<AlertLine> alerts(long now) throws IOException {
        List<AlertLine> alerts = new ArrayList<>();
        for (Map<String, String> row : rows("alerts", now)) {
            alerts.add(new AlertLine(epoch(row.get("detected_at")), row.get("severity"), row.get("rule"),
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
                    row.get("server"), row.get("player_platform"), epoch(row.get("scored_at"))));
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
            minute = epoch(row.get("minute"));
            String server = row.get("server_id");
            servers.add(new ServerLine(server, num(row, "events"), Double.parseDouble(row.get("p95_response_ms")),
                    Double.parseDouble(row.get("error_rate")), ccuByServer.getOrDefault(server, 0L)));
        }
        return Panel.checked(servers, minute, staleBefore, "closed minute");
    }

    private static long num(Map<String, String> row, String column) {
        return Long.parseLong(row.get(column));
    }

    /** A DateTime or Date as ClickHouse prints it (the server runs in UTC), in epoch seconds. */
    static long epoch(String value) {
        String time = value.length() == "yyyy-MM-dd".length() ? value + " 00:00:00" : value;
        return LocalDateTime.parse(time, CLICKHOUSE_TIME).toEpochSecond(ZoneOffset.UTC);
    }
}
