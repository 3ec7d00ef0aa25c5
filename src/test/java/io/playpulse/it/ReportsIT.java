package io.playpulse.it;

import static io.playpulse.it.PlantedWorld.day;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.kpi.DashboardMinute;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.tools.Reports;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every report of sql/reports on the real ClickHouse, over five weeks of simulated play with known
 * imbalances planted ({@link PlantedWorld}): each finds exactly what was planted and nothing else,
 * and its figures equal what the generated events imply, counted here in Java.
 */
class ReportsIT {
    private static final Path SQL = Path.of("sql");
    private static final String ALL_FROM = "2026-09-01";
    private static final String ALL_TO = "2026-10-07";
    /** A day after every install, for the daily money and A/B figures. */
    private static final LocalDate SAMPLE_DAY = LocalDate.parse("2026-09-10");

    private static ClickHouseHttp ch;
    private static PlantedWorld world;

    @BeforeAll
    static void load() throws Exception {
        ch = LiveServices.freshDatabase("it_reports");
        world = PlantedWorld.load(ch);
    }

    @AfterAll
    static void drop() throws Exception {
        LiveServices.dropDatabase(ch);
    }

    @Test
    void theBalanceReportFindsExactlyThePlantedImbalances() throws Exception {
        Set<String> findings = new HashSet<>();
        for (Map<String, String> r : report("balance_report", ALL_FROM, ALL_TO)) {
            findings.add(r.get("finding") + " " + r.get("subject") + " " + r.get("severity"));
            assertThat(r.get("recommendation")).isNotBlank();
        }
        assertThat(findings).containsExactlyInAnyOrder(
                "weapon_win_rate " + PlantedWorld.STRONG_WEAPON + " high",
                "weapon_overuse " + PlantedWorld.OVERUSED_WEAPON + " high",
                "skill_spam " + PlantedWorld.SPAMMED_SKILL + " high",
                "skill_underuse " + PlantedWorld.SHUNNED_SKILL + " low",
                "economy gold and market prices high");
    }

    @Test
    void weaponAndSkillFiguresAreTheGeneratedOnes() throws Exception {
        List<GameEvent> battles = world.events.stream().filter(e -> e.eventType == EventType.PVP_BATTLE).toList();
        Map<String, List<GameEvent>> byWeapon = battles.stream().collect(groupingBy(e -> e.weaponId));
        List<Map<String, String>> weapons = report("weapons", ALL_FROM, ALL_TO);
        assertThat(weapons).hasSize(byWeapon.size());
        for (Map<String, String> r : weapons) {
            List<GameEvent> own = byWeapon.get(r.get("weapon_id"));
            long wins = own.stream().filter(e -> e.battleResult.equals("win")).count();
            assertThat(Long.parseLong(r.get("battles"))).isEqualTo(own.size());
            assertThat(number(r, "win_rate")).isCloseTo((double) wins / own.size(), within(0.00005 + 1e-9));
            assertThat(number(r, "usage_share")).isCloseTo((double) own.size() / battles.size(), within(0.00005 + 1e-9));
        }
        assertThat(number(row(weapons, "weapon_id", PlantedWorld.STRONG_WEAPON), "win_rate")).isGreaterThan(0.65);

        Map<String, Long> uses = countBy(e -> e.eventType == EventType.SKILL_USE, e -> e.skillId);
        for (Map<String, String> r : report("skill_cooldowns", ALL_FROM, ALL_TO)) {
            assertThat(Long.parseLong(r.get("uses"))).isEqualTo(uses.get(r.get("skill_id")));
            boolean spammed = r.get("skill_id").equals(PlantedWorld.SPAMMED_SKILL);
            assertThat(number(r, "instant_share") > 0.05).as(r.toString()).isEqualTo(spammed);
        }

        Map<LocalDate, long[]> gold = new TreeMap<>();
        for (GameEvent e : world.events) {
            if (e.goldChange != null) {
                gold.computeIfAbsent(day(e), d -> new long[2])[e.goldChange > 0 ? 0 : 1] += Math.abs(e.goldChange);
            }
        }
        for (Map<String, String> r : report("economy_daily", ALL_FROM, ALL_TO)) {
            long[] expected = gold.get(LocalDate.parse(r.get("day")));
            assertThat(List.of(r.get("gold_generated"), r.get("gold_spent")))
                    .containsExactly(Long.toString(expected[0]), Long.toString(expected[1]));
        }
    }

    @Test
    void slowServersAreExactlyThePlantedOneAndEveryMinuteAddsUp() throws Exception {
        assertThat(report("slow_servers", ALL_FROM, ALL_TO))
                .extracting(r -> r.get("server_id") + " " + r.get("why"))
                .containsExactly(PlantedWorld.SLOW_SERVER + " p95 above 200 ms");

        Map<String, List<GameEvent>> byMinute = new HashMap<>();
        for (GameEvent e : onSampleDay()) {
            byMinute.computeIfAbsent(e.timestampMs / 60_000 + " " + e.serverId, k -> new ArrayList<>()).add(e);
        }
        List<Map<String, String>> rows = report("server_performance", SAMPLE_DAY.toString(), SAMPLE_DAY.plusDays(1).toString());
        assertThat(rows).hasSize(byMinute.size());
        for (Map<String, String> r : rows) {
            long minute = Instant.parse(r.get("minute").replace(' ', 'T') + "Z").toEpochMilli() / 60_000;
            List<GameEvent> own = byMinute.get(minute + " " + r.get("server_id"));
            assertThat(Long.parseLong(r.get("events"))).as(r.toString()).isEqualTo(own.size());
            assertThat(Long.parseLong(r.get("players"))).isEqualTo(own.stream().map(e -> e.userId).distinct().count());
            long errors = own.stream().filter(e -> e.eventType == EventType.ERROR_OCCURRED).count();
            assertThat(number(r, "error_rate")).isCloseTo((double) errors / own.size(), within(0.00005 + 1e-9));
            double[] times = own.stream().filter(e -> e.responseTimeMs != null).mapToDouble(e -> e.responseTimeMs).sorted().toArray();
            if (times.length == 0) {
                assertThat(r.get("p95_response_ms")).isNull();
            } else {
                assertThat(number(r, "p95_response_ms")).isCloseTo(interpolated(times, 0.95), within(0.05 + 1e-9));
            }
        }
    }

    @Test
    void retentionAndActiveUsersAreTheGeneratedPlayers() throws Exception {
        Map<Long, Set<LocalDate>> activeDays = new HashMap<>();
        Map<Long, GameEvent> first = new HashMap<>();
        for (GameEvent e : world.events) {
            activeDays.computeIfAbsent(e.userId, u -> new HashSet<>()).add(day(e));
            first.merge(e.userId, e, (a, b) -> a.timestampMs <= b.timestampMs ? a : b);
        }
        LocalDate lastDay = world.events.stream().map(PlantedWorld::day).max(LocalDate::compareTo).orElseThrow();
        Map<String, List<Long>> cohorts = first.values().stream()
                .collect(groupingBy(e -> day(e) + " " + e.platform, TreeMap::new,
                        java.util.stream.Collectors.mapping(e -> e.userId, java.util.stream.Collectors.toList())));
        List<Map<String, String>> rows = report("retention", ALL_FROM, ALL_TO);
        assertThat(rows).extracting(r -> r.get("install_day") + " " + r.get("platform"))
                .containsExactlyElementsOf(cohorts.keySet());
        for (Map<String, String> r : rows) {
            LocalDate installed = LocalDate.parse(r.get("install_day"));
            List<Long> cohort = cohorts.get(r.get("install_day") + " " + r.get("platform"));
            assertThat(Long.parseLong(r.get("installs"))).isEqualTo(cohort.size());
            for (int n : new int[] {1, 7, 30}) {
                LocalDate later = installed.plusDays(n);
                if (later.isAfter(lastDay)) {
                    assertThat(r.get("d" + n)).isNull();
                } else {
                    long back = cohort.stream().filter(u -> activeDays.get(u).contains(later)).count();
                    assertThat(number(r, "d" + n)).as(r + " d" + n).isCloseTo((double) back / cohort.size(), within(0.00005 + 1e-9));
                }
            }
        }

        for (Map<String, String> r : report("active_users", ALL_FROM, ALL_TO)) {
            LocalDate d = LocalDate.parse(r.get("day"));
            assertThat(List.of(r.get("dau"), r.get("wau"), r.get("mau"))).as(d.toString()).containsExactly(
                    Long.toString(activeWithin(activeDays, d, 1)), Long.toString(activeWithin(activeDays, d, 7)),
                    Long.toString(activeWithin(activeDays, d, 30)));
        }
    }

    @Test
    void theAbTestFindsThatGroupBConvertsBetter() throws Exception {
        List<Map<String, String>> rows = report("ab_test", SAMPLE_DAY.toString(), SAMPLE_DAY.plusDays(1).toString());
        assertThat(rows).extracting(r -> r.get("test_group")).containsExactly("A", "B");
        for (Map<String, String> r : rows) {
            List<GameEvent> group = onSampleDay().stream().filter(e -> r.get("test_group").equals(e.abTestGroup)).toList();
            long participants = group.stream().map(e -> e.userId).distinct().count();
            long converters = group.stream().filter(e -> e.eventType.isMoney()).map(e -> e.userId).distinct().count();
            assertThat(List.of(r.get("participants"), r.get("converters")))
                    .containsExactly(Long.toString(participants), Long.toString(converters));
        }
        Map<String, String> a = rows.get(0);
        Map<String, String> b = rows.get(1);
        assertThat(a.get("p_value")).isNull();
        assertThat(number(b, "conversion")).isGreaterThan(number(a, "conversion"));
        assertThat(number(b, "z_score")).isPositive();
        assertThat(number(b, "p_value")).isLessThan(0.05);
    }

    @Test
    void levelBalanceFlagsOnlyTheDeadlyLevel() throws Exception {
        Map<Integer, Long> deaths = countBy(e -> e.eventType == EventType.PLAYER_DEATH, e -> e.level);
        Map<Integer, Long> reached = new HashMap<>();
        world.events.stream().filter(e -> e.eventType == EventType.LEVEL_UP)
                .collect(groupingBy(e -> e.toLevel, toSet()))
                .forEach((level, ups) -> reached.put(level, ups.stream().map(e -> e.userId).distinct().count()));
        Set<String> outliers = new HashSet<>();
        for (Map<String, String> r : report("level_balance", ALL_FROM, ALL_TO)) {
            int level = Integer.parseInt(r.get("level"));
            assertThat(Long.parseLong(r.get("deaths"))).isEqualTo(deaths.getOrDefault(level, 0L));
            assertThat(Long.parseLong(r.get("players_reached"))).isEqualTo(reached.getOrDefault(level, 0L));
            if (r.get("outlier").equals("1")) {
                outliers.add(r.get("level"));
            }
        }
        assertThat(outliers).containsExactly(Integer.toString(PlantedWorld.DEADLY_LEVEL));
    }

    @Test
    void revenueReportsAddUpTheGeneratedMoney() throws Exception {
        Map<String, long[]> hourly = new HashMap<>();
        for (GameEvent e : onSampleDay()) {
            if (e.eventType.isMoney()) {
                long[] sums = hourly.computeIfAbsent(e.timestampMs / 3_600_000 + " " + e.currency, k -> new long[2]);
                sums[0] += money(e);
                sums[1]++;
            }
        }
        List<Map<String, String>> rows = report("revenue_hourly", SAMPLE_DAY.toString(), SAMPLE_DAY.plusDays(1).toString());
        assertThat(rows).hasSize(hourly.size());
        for (Map<String, String> r : rows) {
            long hour = Instant.parse(r.get("hour").replace(' ', 'T') + "Z").toEpochMilli() / 3_600_000;
            long[] expected = hourly.get(hour + " " + r.get("currency"));
            assertThat(List.of(r.get("revenue"), r.get("transactions")))
                    .containsExactly(Long.toString(expected[0]), Long.toString(expected[1]));
        }

        Map<String, Long> active = new HashMap<>();
        onSampleDay().stream().collect(groupingBy(e -> e.platform, toSet())).forEach(
                (platform, events) -> active.put(platform, events.stream().map(e -> e.userId).distinct().count()));
        for (Map<String, String> r : report("revenue_daily", SAMPLE_DAY.toString(), SAMPLE_DAY.plusDays(1).toString())) {
            List<GameEvent> paid = onSampleDay().stream().filter(e -> e.eventType.isMoney()
                    && e.platform.equals(r.get("platform")) && e.currency.equals(r.get("currency"))).toList();
            long revenue = paid.stream().mapToLong(ReportsIT::money).sum();
            long payers = paid.stream().map(e -> e.userId).distinct().count();
            long actives = active.get(r.get("platform"));
            assertThat(List.of(r.get("revenue"), r.get("paying_players"), r.get("active_players")))
                    .containsExactly(Long.toString(revenue), Long.toString(payers), Long.toString(actives));
            assertThat(number(r, "arpu")).isCloseTo((double) revenue / actives, within(0.005 + 1e-9));
            assertThat(number(r, "conversion")).isCloseTo((double) payers / actives, within(0.00005 + 1e-9));
        }

        Map<Long, GameEvent> firstPayment = new HashMap<>();
        world.events.stream().filter(e -> e.eventType.isMoney())
                .forEach(e -> firstPayment.merge(e.userId, e, (x, y) -> x.timestampMs <= y.timestampMs ? x : y));
        Map<String, Long> firstPayers = firstPayment.values().stream()
                .collect(groupingBy(e -> day(e) + " " + e.platform + " " + e.currency, java.util.stream.Collectors.counting()));
        assertThat(report("first_purchases", ALL_FROM, ALL_TO).stream().collect(toMap(
                r -> r.get("day") + " " + r.get("platform") + " " + r.get("currency"),
                r -> Long.parseLong(r.get("first_time_payers"))))).isEqualTo(firstPayers);
    }

    @Test
    void theCcuTrendAveragesFivePointsAndFindsEachDaysFirstPeak() throws Exception {
        long start = Instant.parse("2026-09-20T10:00:00Z").toEpochMilli();
        long[] ccu = {10, 20, 30, 40, 50, 60, 60, 10};
        List<DashboardMinute> rows = new ArrayList<>();
        for (int i = 0; i < ccu.length; i++) {
            for (String platform : List.of("iOS", "PC")) {
                DashboardMinute m = new DashboardMinute();
                m.windowStartMs = start + i * 60_000L;
                m.platform = platform;
                // A first, stale version of each row: FINAL must read the later one only.
                m.ccu = 999;
                rows.add(m);
            }
        }
        ch.insert(DashboardMinute.TABLE, rows);
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).ccu = platform(i).equals("iOS") ? ccu[i / 2] - 3 : 3;
        }
        ch.insert(DashboardMinute.TABLE, rows);

        List<Map<String, String>> trend = report("ccu_trend", "2026-09-20", "2026-09-21");
        assertThat(trend).extracting(r -> r.get("ccu")).containsExactly("10", "20", "30", "40", "50", "60", "60", "10");
        assertThat(trend).extracting(r -> number(r, "ccu_5_point_avg"))
                .containsExactly(10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 48.0, 44.0);
        assertThat(report("ccu_peak_daily", "2026-09-20", "2026-09-21"))
                .extracting(r -> r.get("day") + " " + r.get("peak_ccu") + " " + r.get("peak_minute"))
                .containsExactly("2026-09-20 60 2026-09-20 10:05:00");
    }

    private static String platform(int rowIndex) {
        return rowIndex % 2 == 0 ? "iOS" : "PC";
    }

    private static List<Map<String, String>> report(String name, String from, String to) throws Exception {
        Reports.Range range = Reports.range(from, to, 1, Instant.now());
        return ch.query(Reports.sql(SQL, name, range, PlayPulseConfig.defaults().churnUsdCents()));
    }

    private static List<GameEvent> onSampleDay() {
        return world.events.stream().filter(e -> day(e).equals(SAMPLE_DAY)).toList();
    }

    private static <K> Map<K, Long> countBy(Predicate<GameEvent> which, java.util.function.Function<GameEvent, K> key) {
        return world.events.stream().filter(which).collect(groupingBy(key, java.util.stream.Collectors.counting()));
    }

    private static long activeWithin(Map<Long, Set<LocalDate>> activeDays, LocalDate day, int days) {
        return activeDays.values().stream()
                .filter(ds -> ds.stream().anyMatch(d -> !d.isAfter(day) && ChronoUnit.DAYS.between(d, day) < days))
                .count();
    }

    private static long money(GameEvent e) {
        return e.eventType == EventType.PAYMENT ? e.amount : e.price;
    }

    /** ClickHouse's quantile() on fewer than 8,192 values: linear interpolation between the two nearest ranks. */
    private static double interpolated(double[] sorted, double level) {
        double index = level * (sorted.length - 1);
        int left = (int) Math.floor(index);
        int right = Math.min(left + 1, sorted.length - 1);
        return sorted[left] + (index - left) * (sorted[right] - sorted[left]);
    }

    private static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    private static Map<String, String> row(List<Map<String, String>> rows, String column, String value) {
        return rows.stream().filter(r -> value.equals(r.get(column))).findFirst().orElseThrow();
    }
}
