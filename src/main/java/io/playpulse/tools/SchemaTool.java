package io.playpulse.tools;

import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_DATABASE;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.util.ParameterTool;

/**
 * Applies sql/schema (then sql/retention) to a ClickHouse database, idempotently: every statement
 * is CREATE ... IF NOT EXISTS or otherwise safe to repeat. A file whose first lines say
 * {@code -- playpulse: min-server-version X.Y} is skipped on older servers.
 *
 * <p>A database made by an older release is brought up to date: the schema is first built in a
 * scratch database and compared with the real one. Columns the release added are added (with their
 * defaults, old rows read them as such) and changed views are re-created; a change it cannot make
 * without rewriting data (a column's type, an engine or sorting key) stops it with the list of
 * differences, before anything is changed, to be migrated by hand.
 *
 * <p>Usage: {@code SchemaTool [--sql-dir sql] [--clickhouse.url ...] [--clickhouse.database ...]}
 */
public final class SchemaTool {
    private static final Pattern MIN_VERSION = Pattern.compile("--\\s*playpulse:\\s*min-server-version\\s+([0-9.]+)");
    /** A table or a plain view, by an unqualified name (the tool does not compare materialized views). */
    private static final Pattern CREATED = Pattern.compile(
            "CREATE\\s+(?:TABLE|VIEW)\\s+IF\\s+NOT\\s+EXISTS\\s+([A-Za-z_][A-Za-z0-9_]*)(?=[\\s(])");
    /** A Replicated engine: the family, and the arguments after the keeper path and replica name (if given). */
    private static final Pattern REPLICATED = Pattern.compile(
            "Replicated(\\w+)(?:\\(\\s*'[^']*'\\s*,\\s*'[^']*'\\s*(?:,\\s*(.*))?\\))?", Pattern.DOTALL);
    static final String SCHEMA = "schema";
    static final String RETENTION = "retention";

    private SchemaTool() {}

    public static void main(String[] args) throws IOException {
        PlayPulseConfig config = PlayPulseConfig.from(args, new org.apache.flink.configuration.Configuration());
        Path sqlDir = Path.of(ParameterTool.fromArgs(args).get("sql-dir", "sql"));
        ClickHouseHttp server = new ClickHouseHttp(
                config.clickHouseUrl(), config.get(CLICKHOUSE_DATABASE), config.clickHouseUser(), config.clickHousePassword());
        for (String line : apply(server, sqlDir)) {
            System.out.println(line);
        }
    }

    /**
     * Creates the client's database if needed, brings it up to sql/schema and applies sql/retention;
     * returns what was done. Throws, changing nothing, when the database differs in a way only a
     * hand migration can mend.
     */
    public static List<String> apply(ClickHouseHttp clickHouse, Path sqlDir) throws IOException {
        List<String> log = new ArrayList<>();
        ClickHouseHttp.requirePlainName(clickHouse.database());
        clickHouse.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + clickHouse.database());
        String serverVersion = clickHouse.scalar("SELECT version()");
        Map<String, String> schema = new LinkedHashMap<>(); // each object's CREATE statement, by name, in file order
        for (Path file : sqlFiles(sqlDir.resolve(SCHEMA))) {
            String sql = applicable(file, serverVersion, log);
            if (sql != null) {
                for (String statement : statements(sql)) {
                    schema.put(createdName(statement, file.getFileName().toString()), statement);
                }
            }
        }
        migrate(clickHouse, schema, log);
        log.add("applied " + SCHEMA + "/ (" + schema.size() + " tables and views) to " + clickHouse.database());
        for (Path file : sqlFiles(sqlDir.resolve(RETENTION))) {
            String sql = applicable(file, serverVersion, log);
            if (sql != null) {
                for (String statement : statements(sql)) {
                    clickHouse.execute(statement);
                }
                log.add("applied " + RETENTION + "/" + file.getFileName() + " to " + clickHouse.database());
            }
        }
        return log;
    }

    /** The file's SQL, or null (logged) when the server is older than the file needs. */
    private static String applicable(Path file, String serverVersion, List<String> log) throws IOException {
        String sql = Files.readString(file, StandardCharsets.UTF_8);
        String required = minimumVersion(sql);
        if (required != null && compareVersions(serverVersion, required) < 0) {
            log.add("skipped " + file.getParent().getFileName() + "/" + file.getFileName() + ": needs ClickHouse "
                    + required + ", server is " + serverVersion);
            return null;
        }
        return sql;
    }

    /**
     * Creates what is missing and brings what exists up to the statements, as far as that needs no
     * data rewritten: compares every object with its twin built in a scratch database of this run's
     * own. Columns are added before anything is created, so a new view may read a new column.
     */
    private static void migrate(ClickHouseHttp target, Map<String, String> schema, List<String> log) throws IOException {
        ClickHouseHttp probe = target.forDatabase(
                target.database() + "_schema_probe_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        probe.executeWithoutDatabase("CREATE DATABASE " + probe.database());
        try {
            for (String statement : schema.values()) {
                probe.execute(statement);
            }
            List<String> columnsToAdd = new ArrayList<>();
            List<String> viewsToRecreate = new ArrayList<>();
            List<String> unmigratable = new ArrayList<>();
            for (String name : schema.keySet()) {
                Map<String, String> wanted = table(probe, name);
                Map<String, String> existing = table(target, name);
                if (existing == null) {
                    continue; // created below
                }
                boolean wantsView = wanted.get("engine").equals("View");
                if (wantsView != existing.get("engine").equals("View")) {
                    unmigratable.add(name + ": a " + existing.get("engine") + ", sql/schema wants a "
                            + wanted.get("engine"));
                } else if (wantsView) {
                    if (!definition(existing, target).equals(definition(wanted, probe))) {
                        viewsToRecreate.add(name);
                    }
                } else {
                    String have = layout(existing);
                    String want = layout(wanted);
                    if (!have.equals(want)) {
                        unmigratable.add(name + ": " + have + ", sql/schema wants " + want);
                    }
                    compareColumns(name, columns(target, name), columns(probe, name), columnsToAdd, unmigratable, log);
                }
            }
            if (!unmigratable.isEmpty()) {
                throw new IllegalStateException("database " + target.database() + " differs from sql/schema in ways "
                        + "that need a hand migration (nothing was changed):\n  " + String.join("\n  ", unmigratable));
            }
            for (String alter : columnsToAdd) {
                target.execute(alter);
                log.add(alter);
            }
            for (String statement : schema.values()) {
                target.execute(statement);
            }
            for (String view : viewsToRecreate) {
                target.execute("DROP TABLE IF EXISTS " + view);
                target.execute(schema.get(view));
                log.add("re-created view " + view);
            }
        } catch (IOException | RuntimeException e) {
            try {
                probe.executeWithoutDatabase("DROP DATABASE IF EXISTS " + probe.database());
            } catch (IOException dropFailure) {
                e.addSuppressed(dropFailure);
            }
            throw e;
        }
        probe.executeWithoutDatabase("DROP DATABASE IF EXISTS " + probe.database());
    }

    /**
     * What shapes a table's data: the engine with its arguments (a Replicated engine's keeper path and
     * replica left out), partition, sorting, primary and sampling keys. TTL and SETTINGS are not: the
     * retention files set the TTL, and servers print settings their own way.
     */
    static String layout(Map<String, String> table) {
        return engineWithArguments(table.get("engine_full"))
                + clause(" PARTITION BY ", table.get("partition_key"))
                + clause(" ORDER BY ", table.get("sorting_key"))
                + clause(" PRIMARY KEY ", table.get("primary_key"))
                + clause(" SAMPLE BY ", table.get("sampling_key"));
    }

    private static String clause(String keyword, String expression) {
        return expression.isEmpty() ? "" : keyword + expression;
    }

    /** "ReplicatedReplacingMergeTree('/path', '{replica}', version) ORDER BY ..." gives "ReplacingMergeTree(version)". */
    static String engineWithArguments(String engineFull) {
        int end = engineFull.length();
        for (String clause : List.of(" PARTITION BY ", " ORDER BY ", " PRIMARY KEY ", " SAMPLE BY ", " TTL ", " SETTINGS ")) {
            int at = engineFull.indexOf(clause);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        String engine = engineFull.substring(0, end).strip();
        Matcher replicated = REPLICATED.matcher(engine);
        if (replicated.matches()) {
            String arguments = replicated.group(2) == null ? "" : replicated.group(2);
            engine = replicated.group(1) + (arguments.isEmpty() ? "" : "(" + arguments + ")");
        }
        return engine.endsWith("()") ? engine.substring(0, engine.length() - 2) : engine;
    }

    /** Columns the table lacks become ADD COLUMNs, in place; changed ones are unmigratable; extra ones are kept. */
    private static void compareColumns(String table, Map<String, String> existing, Map<String, String> wanted,
            List<String> columnsToAdd, List<String> unmigratable, List<String> log) {
        String previous = null;
        for (Map.Entry<String, String> column : wanted.entrySet()) {
            String definition = existing.get(column.getKey());
            if (definition == null) {
                columnsToAdd.add("ALTER TABLE " + table + " ADD COLUMN " + column.getKey() + " " + column.getValue()
                        + (previous == null ? "" : " AFTER " + previous));
            } else if (enumExtended(definition, column.getValue())) {
                columnsToAdd.add("ALTER TABLE " + table + " MODIFY COLUMN " + column.getKey() + " " + column.getValue());
            } else if (!definition.equals(column.getValue())) {
                unmigratable.add(table + "." + column.getKey() + ": " + definition + ", sql/schema wants "
                        + column.getValue());
            }
            previous = column.getKey();
        }
        for (String name : existing.keySet()) {
            if (!wanted.containsKey(name)) {
                log.add("kept column " + table + "." + name + ", which sql/schema no longer has");
            }
        }
    }

    private static final Pattern ENUM = Pattern.compile("(Nullable\\()?(Enum8|Enum16)\\((.*?)\\)\\)?");

    /**
     * True when {@code wanted} is {@code existing} with more enum values (every old name keeps its
     * number): ClickHouse changes such a column's type in place, without rewriting data.
     */
    static boolean enumExtended(String existing, String wanted) {
        Matcher have = ENUM.matcher(existing);
        Matcher want = ENUM.matcher(wanted);
        if (!have.matches() || !want.matches() || existing.equals(wanted)
                || !java.util.Objects.equals(have.group(1), want.group(1)) || !have.group(2).equals(want.group(2))) {
            return false;
        }
        List<String> old = List.of(have.group(3).split(",\\s*"));
        return List.of(want.group(3).split(",\\s*")).containsAll(old);
    }

    private static Map<String, String> table(ClickHouseHttp db, String name) throws IOException {
        List<Map<String, String>> rows = db.query("SELECT engine, engine_full, create_table_query, partition_key, "
                + "sorting_key, primary_key, sampling_key FROM system.tables "
                + "WHERE database = '" + db.database() + "' AND name = '" + name + "'");
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A view's query, without the database name ClickHouse writes before table names. */
    private static String definition(Map<String, String> table, ClickHouseHttp db) {
        String name = Pattern.quote(db.database());
        return table.get("create_table_query").replaceAll("(?<![A-Za-z0-9_`])(" + name + "|`" + name + "`)\\.", "");
    }

    /** Name to "type [DEFAULT|MATERIALIZED|ALIAS expression]", in the table's order. */
    private static Map<String, String> columns(ClickHouseHttp db, String table) throws IOException {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Map<String, String> c : db.query("SELECT name, type, default_kind, default_expression FROM system.columns "
                + "WHERE database = '" + db.database() + "' AND table = '" + table + "'")) {
            String kind = c.get("default_kind");
            columns.put(c.get("name"), c.get("type") + (kind.isEmpty() ? "" : " " + kind + " " + c.get("default_expression")));
        }
        return columns;
    }

    /** The name a schema statement creates; every statement in sql/schema creates one object. */
    static String createdName(String statement, String file) {
        Matcher m = CREATED.matcher(statement);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException(file + ": every sql/schema statement must be CREATE TABLE|VIEW IF NOT "
                    + "EXISTS <unqualified name>, not: " + statement.lines().findFirst().orElse(""));
        }
        return m.group(1);
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
