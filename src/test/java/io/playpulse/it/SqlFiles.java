package io.playpulse.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The ops queries of sql/queries, as the tests run them. */
public final class SqlFiles {
    private SqlFiles() {}

    /** The query in sql/queries/{name}.sql without comments or a trailing semicolon. */
    public static String query(String name) throws IOException {
        String text = Files.readString(Path.of("sql", "queries", name + ".sql"));
        String sql = text.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n")).strip();
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }
}
