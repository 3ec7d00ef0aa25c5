package io.playpulse.tools;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.sink.ClickHouseHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.util.ParameterTool;

/**
 * Applies sql/schema (then sql/retention) to a ClickHouse database, idempotently: every statement
 * is CREATE ... IF NOT EXISTS or otherwise safe to repeat. A file whose first lines say
 * {@code -- playpulse: min-server-version X.Y} is skipped on older servers.
 *
 * <p>Usage: {@code SchemaTool [--sql-dir sql] [--clickhouse.url ...] [--clickhouse.database ...]}
 */
public final class SchemaTool {
    private static final Pattern MIN_VERSION = Pattern.compile("--\\s*playpulse:\\s*min-server-version\\s+([0-9.]+)");
    static final List<String> FOLDERS = List.of("schema", "retention");

    private SchemaTool() {}

    public static void main(String[] args) throws IOException {
        PlayPulseConfig config = PlayPulseConfig.from(args, new org.apache.flink.configuration.Configuration());
        Path sqlDir = Path.of(ParameterTool.fromArgs(args).get("sql-dir", "sql"));
        ClickHouseHttp server = new ClickHouseHttp(
                config.clickHouseUrl, config.clickHouseDatabase, config.clickHouseUser, config.clickHousePassword);
        for (String line : apply(server, sqlDir)) {
            System.out.println(line);
        }
    }

    /** Creates the client's database if needed and applies every file; returns what was done. */
    public static List<String> apply(ClickHouseHttp clickHouse, Path sqlDir) throws IOException {
        List<String> log = new ArrayList<>();
        clickHouse.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + clickHouse.database());
        String serverVersion = clickHouse.scalar("SELECT version()");
        for (String folder : FOLDERS) {
            for (Path file : sqlFiles(sqlDir.resolve(folder))) {
                String sql = Files.readString(file, StandardCharsets.UTF_8);
                String required = minimumVersion(sql);
                String name = folder + "/" + file.getFileName();
                if (required != null && compareVersions(serverVersion, required) < 0) {
                    log.add("skipped " + name + ": needs ClickHouse " + required + ", server is " + serverVersion);
                    continue;
                }
                for (String statement : statements(sql)) {
                    clickHouse.execute(statement);
                }
                log.add("applied " + name + " to " + clickHouse.database());
            }
        }
        return log;
    }

    private static List<Path> sqlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
    }

    static String minimumVersion(String sql) {
        Matcher m = MIN_VERSION.matcher(sql);
        return m.find() ? m.group(1) : null;
    }

    /** Splits a file into statements at semicolons that end a line; comment lines are dropped. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(line, 0, line.lastIndexOf(';'));
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parseOrZero(x[i]) : 0;
            int yi = i < y.length ? parseOrZero(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    private static int parseOrZero(String s) {
        try {
            return Integer.parseInt(s.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
