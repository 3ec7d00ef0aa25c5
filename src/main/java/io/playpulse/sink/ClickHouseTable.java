package io.playpulse.sink;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * A ClickHouse table the job writes: its name, the columns it binds and how one element becomes
 * one row. Values are always bound as parameters, never concatenated into the SQL.
 */
public final class ClickHouseTable<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> columns;
    private final JdbcStatementBuilder<T> rowBinder;

    public ClickHouseTable(String name, List<String> columns, JdbcStatementBuilder<T> rowBinder) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.rowBinder = rowBinder;
    }

    public String name() {
        return name;
    }

    /**
     * The parameterised INSERT. The table is qualified with its database: the driver's insert path
     * names the database in a way 18.16 ignores, so an unqualified name would land in "default".
     */
    public String insertSql(String database) {
        return "INSERT INTO " + database + "." + name + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
    }

    public JdbcStatementBuilder<T> rowBinder() {
        return rowBinder;
    }
}
