package io.playpulse.dashboard;

import java.util.List;
import java.util.Map;

/**
 * Everything the page shows, read at one instant and pushed as one JSON message. Times are epoch
 * seconds (UTC); money is in minor units of its currency.
 *
 * @param server this server process's id, and {@code sequence} counts its snapshots: a page takes a
 *     snapshot as news only when it is newer than the last it rendered (a new stream first re-sends the latest)
 * @param generatedAt when the panels were read (the dashboard's clock)
 * @param refreshSeconds how often a new snapshot comes: the page calls itself disconnected after a few missed
 */
public record Snapshot(
        String server,
        long sequence,
        long generatedAt,
        long refreshSeconds,
        Panel<Activity> activity,
        Panel<DailyPlayers> dailyPlayers,
        Panel<RevenueToday> revenue,
        Panel<List<AlertLine>> alerts,
        Panel<ChurnRisk> churn,
        Panel<List<ServerLine>> servers,
        Panel<JobStatus> job) {

    /** The last 3 hours per minute, and the cards read from the newest minute. */
    public record Activity(List<MinutePoint> minutes, Long latestMinute, Double eventsPerSecond, Long ccu) {}

    public record MinutePoint(long minute, long events, long ccu) {}

    /** Today's DAU per platform; a player plays on one platform, so the total is their sum. */
    public record DailyPlayers(List<PlatformPlayers> platforms, long activeUsers) {}

    public record PlatformPlayers(String platform, long activeUsers, long newPlayers, long returningPlayers) {}

    public record RevenueToday(List<CurrencyTotal> totals, List<HourRevenue> hours) {}

    /** {@code digits}: the currency's minor-unit digits (ISO 4217), for showing major units; 0 when unknown. */
    public record CurrencyTotal(String currency, int digits, long revenue, long transactions) {}

    public record HourRevenue(long hour, String currency, long revenue) {}

    public record AlertLine(long detectedAt, String severity, String rule, String title, String summary, String alertId) {}

    /** Players per risk level (low, medium, high, each present) and the top high-risk players. */
    public record ChurnRisk(Map<String, Long> levels, List<RiskyPlayer> top) {}

    public record RiskyPlayer(long userId, double probability, String server, String platform, long scoredAt) {}

    /** A server's newest closed minute: health from the job's sketch, CCU from kpi_ccu_minute. */
    public record ServerLine(String server, long events, double p95ResponseMs, double errorRate, long ccu) {}

    /**
     * The job as Flink's REST API reports it.
     *
     * @param restarts null until Flink has fetched the metric
     * @param lastCheckpointAgeSeconds null before the first completed checkpoint
     */
    public record JobStatus(String jobId, String name, String state, Long restarts, Long lastCheckpointAgeSeconds) {}
}
