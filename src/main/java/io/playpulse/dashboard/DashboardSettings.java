package io.playpulse.dashboard;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.util.ParameterTool;

/**
 * What the dashboard server needs, from its arguments and the environment:
 * <pre>
 *   --host 127.0.0.1 --port 7070 --clickhouse.url http://127.0.0.1:8123 --clickhouse.database playpulse
 *   --flink.rest http://127.0.0.1:8081 --sql-dir sql
 * </pre>
 * It reads ClickHouse as a read-only user whose credentials come from the environment
 * (CLICKHOUSE_READER_USER, CLICKHOUSE_READER_PASSWORD), never from arguments or files in the repository.
 *
 * @param host the address to bind: loopback unless asked otherwise
 * @param refreshInterval how often panels are re-read and pushed to the browsers
 * @param staleAfter a minute KPI older than this (the job writes each minute a few seconds after it
 *     closes) means the job or its writes have stopped: those panels say so
 */
public record DashboardSettings(
        String host,
        int port,
        String clickHouseUrl,
        String clickHouseDatabase,
        String clickHouseUser,
        String clickHousePassword,
        URI flinkRest,
        Path sqlDir,
        Duration refreshInterval,
        Duration staleAfter) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);
    public static final Duration STALE_AFTER = Duration.ofMinutes(3);
    static final String READER_USER = "playpulse_reader";

    public static DashboardSettings from(String[] args, Map<String, String> environment) {
        ParameterTool options = ParameterTool.fromArgs(args);
        return new DashboardSettings(
                options.get("host", DEFAULT_HOST),
                options.getInt("port", DEFAULT_PORT),
                options.get("clickhouse.url", "http://127.0.0.1:8123"),
                options.get("clickhouse.database", "playpulse"),
                environment.getOrDefault("CLICKHOUSE_READER_USER", READER_USER),
                environment.getOrDefault("CLICKHOUSE_READER_PASSWORD", ""),
                URI.create(options.get("flink.rest", "http://127.0.0.1:8081")),
                Path.of(options.get("sql-dir", "sql")),
                REFRESH_INTERVAL,
                STALE_AFTER);
    }

    public DashboardSettings {
        if (!"http".equals(flinkRest.getScheme()) && !"https".equals(flinkRest.getScheme())) {
            throw new IllegalArgumentException("--flink.rest must be an http(s) address, not " + flinkRest);
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DashboardSettings[http://" + host + ":" + port + ", clickhouse " + clickHouseUrl + "/"
                + clickHouseDatabase + " as " + clickHouseUser + ", flink " + flinkRest + "]";
    }
}
