package io.playpulse.sink;

import io.playpulse.alert.Alert;
import io.playpulse.churn.ChurnFeatures;
import io.playpulse.churn.ChurnPrediction;
import io.playpulse.events.GameEvent;
import io.playpulse.events.RejectedRecord;
import io.playpulse.kpi.ActiveUsersHour;
import io.playpulse.kpi.CcuMinute;
import io.playpulse.kpi.DailyPlayersRow;
import io.playpulse.kpi.DashboardMinute;
import io.playpulse.kpi.DashboardRevenue;
import io.playpulse.kpi.EventsPerMinute;
import io.playpulse.kpi.Gameplay;
import io.playpulse.kpi.Revenue;
import io.playpulse.kpi.ServerHealthMinute;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The tables of sql/schema and how each stream's elements bind to their columns. */
public final class ClickHouseTables {
    /** rejected_events keeps this much of an oversized payload; the DLQ topic keeps all of it. */
    static final int MAX_STORED_PAYLOAD_BYTES = 64 * 1024;

    private ClickHouseTables() {}

    public static final ClickHouseTable<GameEvent> GAME_EVENTS = new ClickHouseTable<>(
            "game_events",
            List.of("event_id", "event_type", "user_id", "session_id", "timestamp_ms", "server_id", "platform",
                    "client_version", "schema_version", "price", "amount", "currency", "item_id",
                    "item_market_price", "gold_change", "skill_id", "damage", "level", "from_level", "to_level",
                    "time_spent_minutes", "defender_id", "battle_result", "weapon_id", "damage_dealt",
                    "damage_received", "error_type", "response_time_ms", "ab_test_group", "properties", "is_late",
                    "version"),
            (out, e) -> out
                    .string(e.eventId)
                    .string(e.eventType.name())
                    .int64(e.userId)
                    .string(e.sessionId)
                    .int64(e.timestampMs)
                    .string(e.serverId)
                    .string(e.platform)
                    .string(e.clientVersion)
                    .string(e.schemaVersion)
                    .int64(e.price)
                    .int64(e.amount)
                    .string(e.currency)
                    .string(e.itemId)
                    .int64(e.itemMarketPrice)
                    .int64(e.goldChange)
                    .string(e.skillId)
                    .int64(e.damage)
                    .int32(e.level)
                    .int32(e.fromLevel)
                    .int32(e.toLevel)
                    .float64(e.timeSpentMinutes)
                    .int64(e.defenderId)
                    .string(e.battleResult)
                    .string(e.weaponId)
                    .int64(e.damageDealt)
                    .int64(e.damageReceived)
                    .string(e.errorType)
                    .float64(e.responseTimeMs)
                    .string(e.abTestGroup)
                    .string(e.properties)
                    .flag(e.late)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<RejectedRecord> REJECTED_EVENTS = new ClickHouseTable<>(
            "rejected_events",
            List.of("source_topic", "source_partition", "source_offset", "reason", "detail", "record_key", "payload",
                    "payload_bytes", "kafka_time_ms", "rejected_at", "version"),
            (out, r) -> out
                    .string(r.sourceTopic)
                    .int64(r.sourcePartition)
                    .int64(r.sourceOffset)
                    .string(r.reason.name())
                    .string(r.detail)
                    .string(r.key == null ? null : new String(r.key, StandardCharsets.UTF_8))
                    .string(storedPayload(r.payload))
                    .int64(r.payload.length)
                    .int64(r.kafkaTimestampMs)
                    .dateTime(r.rejectedAtMs)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<EventsPerMinute> KPI_EVENTS_PER_MINUTE = new ClickHouseTable<>(
            "kpi_events_per_minute",
            List.of("minute", "event_type", "platform", "events", "users", "version"),
            (out, row) -> out
                    .dateTime(row.windowStartMs)
                    .string(row.eventType.name())
                    .string(row.platform)
                    .int64(row.events)
                    .int64(row.users)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<DashboardMinute> KPI_DASHBOARD_MINUTE = new ClickHouseTable<>(
            "kpi_dashboard_minute",
            List.of("minute", "platform", "events", "users", "login_users", "logout_users", "error_events", "ccu",
                    "version"),
            (out, row) -> out
                    .dateTime(row.windowStartMs)
                    .string(row.platform)
                    .int64(row.events)
                    .int64(row.users)
                    .int64(row.loginUsers)
                    .int64(row.logoutUsers)
                    .int64(row.errorEvents)
                    .int64(row.ccu)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<DashboardRevenue> KPI_DASHBOARD_REVENUE_MINUTE = new ClickHouseTable<>(
            "kpi_dashboard_revenue_minute",
            List.of("minute", "platform", "currency", "revenue", "transactions", "version"),
            (out, row) -> out
                    .dateTime(row.windowStartMs)
                    .string(row.platform)
                    .string(row.currency)
                    .int64(row.revenue)
                    .int64(row.transactions)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<CcuMinute> KPI_CCU_MINUTE = new ClickHouseTable<>(
            "kpi_ccu_minute",
            List.of("minute", "server_id", "platform", "ccu", "version"),
            (out, row) -> out
                    .dateTime(row.windowStartMs)
                    .string(row.serverId)
                    .string(row.platform)
                    .int64(row.ccu)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<ServerHealthMinute> KPI_SERVER_HEALTH_MINUTE = new ClickHouseTable<>(
            "kpi_server_health_minute",
            // error_rate is the table's DEFAULT (error_events / events), computed by the server.
            List.of("minute", "server_id", "events", "error_events", "responses", "p95_response_ms", "version"),
            (out, row) -> out
                    .dateTime(row.windowStartMs)
                    .string(row.serverId)
                    .int64(row.events)
                    .int64(row.errorEvents)
                    .int64(row.responses)
                    .float64(row.p95ResponseMs)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<ActiveUsersHour> KPI_ACTIVE_USERS_HOUR = new ClickHouseTable<>(
            "kpi_active_users_hour",
            List.of("hour", "platform", "users", "version"),
            (out, row) -> out
                    .dateTime(row.windowStartMs)
                    .string(row.platform)
                    .int64(row.users)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<DailyPlayersRow> KPI_DAILY_PLAYERS = new ClickHouseTable<>(
            "kpi_daily_players",
            List.of("day", "platform", "active_users", "new_players", "returning_players", "as_of", "is_final",
                    "version"),
            (out, row) -> out
                    .date(row.dayStartMs)
                    .string(row.platform)
                    .int64(row.activeUsers)
                    .int64(row.newPlayers)
                    .int64(row.returningPlayers())
                    .dateTime(row.asOfMs)
                    .flag(row.isFinal)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<Revenue> KPI_REVENUE = new ClickHouseTable<>(
            "kpi_revenue",
            List.of("granularity", "window_start", "currency", "revenue", "transactions", "paying_users", "arppu",
                    "version"),
            (out, row) -> out
                    .string(row.granularity.label)
                    .dateTime(row.windowStartMs)
                    .string(row.currency)
                    .int64(row.revenue)
                    .int64(row.transactions)
                    .int64(row.payingUsers)
                    .float64(row.arppu())
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<Gameplay> KPI_GAMEPLAY_10MIN = new ClickHouseTable<>(
            "kpi_gameplay_10min",
            List.of("window_start", "event_type", "level", "events", "players", "version"),
            (out, row) -> out
                    .dateTime(row.windowStartMs)
                    .string(row.eventType.name())
                    .int32(row.level)
                    .int64(row.events)
                    .int64(row.players)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<Alert> ALERTS = new ClickHouseTable<>(
            "alerts",
            List.of("alert_id", "rule", "severity", "dedup_key", "title", "summary", "user_id", "server_id",
                    "platform", "window_start", "window_end", "first_event_time", "last_event_time", "event_count",
                    "detected_at", "details", "runbook", "version"),
            (out, a) -> out
                    .string(a.alertId)
                    .string(a.rule)
                    .string(a.severity.wireName())
                    .string(a.dedupKey)
                    .string(a.title)
                    .string(a.summary)
                    .int64(a.userId)
                    .string(a.serverId)
                    .string(a.platform)
                    .dateTime(a.windowStartMs)
                    .dateTime(a.windowEndMs)
                    .dateTime(a.firstEventTimeMs)
                    .dateTime(a.lastEventTimeMs)
                    .int64(a.eventCount)
                    .dateTime(a.detectedAtMs)
                    .string(a.detailsJson)
                    .string(a.runbook)
                    .int64(RowVersion.next()));

    public static final ClickHouseTable<ChurnPrediction> CHURN_PREDICTIONS = new ClickHouseTable<>(
            "churn_predictions",
            concat(List.of("user_id", "predicted_at_ms", "trigger", "server_id", "platform", "churn_probability",
                    "risk_level", "model_version"), ChurnFeatures.NAMES, List.of("version")),
            (out, p) -> {
                TsvRow b = out
                        .int64(p.userId)
                        .int64(p.predictedAtMs)
                        .string(p.trigger)
                        .string(p.serverId)
                        .string(p.platform)
                        .float64(p.churnProbability)
                        .string(p.riskLevel)
                        .string(p.modelVersion);
                for (double feature : p.features) {
                    b.float64(feature);
                }
                b.int64(RowVersion.next());
            });

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new java.util.ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static String storedPayload(byte[] payload) {
        byte[] kept = payload.length <= MAX_STORED_PAYLOAD_BYTES
                ? payload
                : Arrays.copyOf(payload, MAX_STORED_PAYLOAD_BYTES);
        return new String(kept, StandardCharsets.UTF_8);
    }
}
