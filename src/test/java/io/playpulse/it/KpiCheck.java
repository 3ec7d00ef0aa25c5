package io.playpulse.it;

import io.playpulse.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares one KPI table with its recompute query from sql/queries: every stored row must equal
 * the query's row for its key, and every key of a closed window must be stored. A missing row and
 * a row of zeros mean the same.
 */
public record KpiCheck(String table, List<String> keys, List<String> values, String windowStart, String windowSizeMs) {

    public static List<KpiCheck> all() {
        return List.of(
                new KpiCheck("kpi_events_per_minute", List.of("minute", "event_type", "platform"),
                        List.of("events", "users"), "minute", "60000"),
                new KpiCheck("kpi_dashboard_minute", List.of("minute", "platform"),
                        List.of("events", "users", "login_users", "logout_users", "error_events", "ccu"), "minute", "60000"),
                new KpiCheck("kpi_dashboard_revenue_minute", List.of("minute", "platform", "currency"),
                        List.of("revenue", "transactions"), "minute", "60000"),
                new KpiCheck("kpi_ccu_minute", List.of("minute", "server_id", "platform"),
                        List.of("ccu"), "minute", "60000"),
                new KpiCheck("kpi_server_health_minute", List.of("minute", "server_id"),
                        List.of("events", "error_events", "error_rate", "responses", "p95_response_ms"), "minute", "60000"),
                new KpiCheck("kpi_active_users_hour", List.of("hour", "platform"),
                        List.of("users"), "hour", "3600000"),
                new KpiCheck("kpi_gameplay_10min", List.of("window_start", "event_type", "level"),
                        List.of("events", "players"), "window_start", "600000"),
                new KpiCheck("kpi_revenue", List.of("granularity", "window_start", "currency"),
                        List.of("revenue", "transactions", "paying_users", "arppu"), "window_start",
                        "multiIf(toString(granularity) = '5m', 300000, toString(granularity) = '1h', 3600000, 86400000)"),
                // Rows hold for their own instant (as_of); every stored row is checked.
                new KpiCheck("kpi_daily_players", List.of("day", "platform", "as_of", "is_final"),
                        List.of("active_users", "new_players", "returning_players"), "as_of", "0"));
    }

    /** What differs in every KPI table, in words: the first 20 differences; empty when all are exact. */
    public static List<String> mismatchesOfAll(ClickHouseHttp ch, long closedUntilMs) throws IOException {
        List<String> problems = new ArrayList<>();
        for (KpiCheck check : all()) {
            problems.addAll(check.mismatches(ch, closedUntilMs));
        }
        return problems.size() > 20 ? problems.subList(0, 20) : problems;
    }

    /** What differs, in words; empty when the table is exact for every window closed by {@code closedUntilMs}. */
    public List<String> mismatches(ClickHouseHttp ch, long closedUntilMs) throws IOException {
        // Aliases must differ from the column names: ClickHouse aliases are visible in the whole SELECT.
        String columns = String.join(", ", keys.stream().map(k -> "toString(" + k + ") AS k_" + k).toList()) + ", "
                + String.join(", ", values.stream().map(v -> "toString(" + v + ") AS v_" + v).toList());
        Map<String, List<String>> stored = rows(ch, "SELECT " + columns + ", 0 AS closed FROM " + table + " FINAL");
        Map<String, List<String>> recomputed = rows(ch, "SELECT " + columns + ", toUInt64(" + windowStart
                + ") * 1000 + " + windowSizeMs + " <= " + closedUntilMs + " AS closed FROM ("
                + SqlFiles.query(table) + ")");
        List<String> problems = new ArrayList<>();
        List<String> zeros = values.stream().map(v -> "0").toList();
        stored.forEach((key, row) -> {
            List<String> expected = recomputed.getOrDefault(key, zeros);
            if (!sameValues(row, expected)) {
                problems.add(table + " " + key + ": stored " + row + ", recomputed " + expected);
            }
        });
        recomputed.forEach((key, row) -> {
            if (row.get(row.size() - 1).equals("1") && !stored.containsKey(key) && !sameValues(row, zeros)) {
                problems.add(table + " " + key + ": closed window missing, recomputed " + row);
            }
        });
        return problems;
    }

    private boolean sameValues(List<String> a, List<String> b) {
        for (int i = 0; i < values.size(); i++) {
            if (!a.get(i).equals(b.get(i)) && !sameNumber(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** key -> values followed by the closed flag. */
    private Map<String, List<String>> rows(ClickHouseHttp ch, String sql) throws IOException {
        Map<String, List<String>> rows = new HashMap<>();
        for (Map<String, String> r : ch.query(sql)) {
            String key = String.join(" | ", keys.stream().map(k -> r.get("k_" + k)).toList());
            List<String> v = new ArrayList<>(values.stream().map(c -> r.get("v_" + c)).toList());
            v.add(r.get("closed"));
            if (rows.put(key, v) != null) {
                throw new IllegalStateException(table + ": two rows for " + key);
            }
        }
        return rows;
    }
}
