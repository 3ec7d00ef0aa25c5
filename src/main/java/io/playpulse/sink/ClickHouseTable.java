package io.playpulse.sink;

import java.io.Serializable;
import java.util.List;

/**
 * A ClickHouse table the job writes: its name, the columns it fills and how one element becomes one
 * row. Values travel as TabSeparated data in the request body, never inside the SQL text.
 */
public final class ClickHouseTable<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Writes one element's values, in column order. */
    @FunctionalInterface
    public interface RowEncoder<T> extends Serializable {
        void encode(TsvRow row, T element);
    }

    private final String name;
    private final List<String> columns;
    private final RowEncoder<T> encoder;

    public ClickHouseTable(String name, List<String> columns, RowEncoder<T> encoder) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.encoder = encoder;
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    /**
     * The INSERT whose data follows in the body. The table is qualified with its database, so the
     * statement means the same whatever database the connection defaults to.
     */
    public String insertSql(String database) {
        return "INSERT INTO " + database + "." + name + " (" + String.join(", ", columns) + ") FORMAT TabSeparated";
    }

    /** Appends one element as one row. */
    public void encode(TsvRow row, T element) {
        encoder.encode(row, element);
        row.endRow();
    }
}
