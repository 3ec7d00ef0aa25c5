package io.playpulse.clickhouse;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A ClickHouse table the job writes: its name and its columns, each declared once with its name,
 * its type (the method that declares it) and how an element gives its value. Values travel as
 * TabSeparated data in the request body, never inside the SQL text. Every table ends with the
 * ReplacingMergeTree {@code version} column, so a replayed row replaces the one it repeats.
 */
public final class ClickHouseTable<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How one element gives one column's value. */
    @FunctionalInterface
    public interface Value<T, V> extends Serializable {
        V of(T element);
    }

    /** What the encoder writes for a column, and the server column types that parse it. */
    public enum ColumnType {
        STRING("String|FixedString\\(\\d+\\)|Enum(8|16)\\(.*\\)"),
        INT64("U?Int(8|16|32|64)"),
        INT32("U?Int(8|16|32)"),
        FLOAT64("Float64"),
        FLAG("UInt8"),
        DATE("Date"),
        DATE_TIME("DateTime");

        private final Pattern accepted;

        ColumnType(String accepted) {
            this.accepted = Pattern.compile("(Nullable\\()?(LowCardinality\\()?(" + accepted + ")\\)?\\)?");
        }

        /** Whether the server parses this type's text in a column of {@code serverType}, as DESCRIBE TABLE gives it. */
        public boolean fits(String serverType) {
            return accepted.matcher(serverType).matches();
        }
    }

    @FunctionalInterface
    private interface ColumnWriter<T> extends Serializable {
        void write(TsvRow row, T element);
    }

    private final String name;
    private final List<String> columns;
    private final List<ColumnType> types;
    private final List<ColumnWriter<T>> writers;
    private final boolean rowPerEvent;

    private ClickHouseTable(String name, List<String> columns, List<ColumnType> types, List<ColumnWriter<T>> writers,
            boolean rowPerEvent) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
        this.writers = List.copyOf(writers);
        this.rowPerEvent = rowPerEvent;
    }

    /** Starts the declaration of table {@code name}; its columns follow in insert order. */
    public static <T> Builder<T> named(String name) {
        return new Builder<>(name);
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    /** Whether the table gets a row per event, so is sent for freshness rather than for fewer parts. */
    public boolean rowPerEvent() {
        return rowPerEvent;
    }

    /** Each column's type, in column order. */
    public List<ColumnType> types() {
        return types;
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
        for (ColumnWriter<T> writer : writers) {
            writer.write(row, element);
        }
        row.endRow();
    }

    /** Declares a table's columns, each once; a null value is written as NULL (Nullable columns). */
    public static final class Builder<T> {
        private final String name;
        private final List<String> columns = new ArrayList<>();
        private final List<ColumnType> types = new ArrayList<>();
        private final List<ColumnWriter<T>> writers = new ArrayList<>();
        private boolean rowPerEvent;

        private Builder(String name) {
            this.name = name;
        }

        private Builder<T> column(String column, ColumnType type, ColumnWriter<T> writer) {
            if (columns.contains(column)) {
                throw new IllegalArgumentException(name + "." + column + " declared twice");
            }
            columns.add(column);
            types.add(type);
            writers.add(writer);
            return this;
        }

        /** String, LowCardinality(String) or an Enum, as UTF-8 text. */
        public Builder<T> string(String column, Value<T, String> value) {
            return column(column, ColumnType.STRING, (row, e) -> row.string(value.of(e)));
        }

        /** Any integer column up to 64 bits. */
        public Builder<T> int64(String column, Value<T, Long> value) {
            return column(column, ColumnType.INT64, (row, e) -> row.int64(value.of(e)));
        }

        /** Any integer column up to 32 bits. */
        public Builder<T> int32(String column, Value<T, Integer> value) {
            return column(column, ColumnType.INT32, (row, e) -> row.int32(value.of(e)));
        }

        public Builder<T> float64(String column, Value<T, Double> value) {
            return column(column, ColumnType.FLOAT64, (row, e) -> row.float64(value.of(e)));
        }

        /** Float64 columns filled in order from one array, one value each. */
        public Builder<T> float64s(List<String> names, Value<T, double[]> values) {
            for (int i = 0; i < names.size(); i++) {
                int index = i;
                column(names.get(i), ColumnType.FLOAT64, (row, e) -> row.float64(values.of(e)[index]));
            }
            return this;
        }

        /** A UInt8 0 or 1. */
        public Builder<T> flag(String column, Value<T, Boolean> value) {
            return column(column, ColumnType.FLAG, (row, e) -> row.flag(value.of(e)));
        }

        /** A Date, from epoch milliseconds (the UTC day). */
        public Builder<T> date(String column, Value<T, Long> epochMs) {
            return column(column, ColumnType.DATE, (row, e) -> row.date(epochMs.of(e)));
        }

        /** A DateTime, from epoch milliseconds (whole seconds are stored). */
        public Builder<T> dateTime(String column, Value<T, Long> epochMs) {
            return column(column, ColumnType.DATE_TIME, (row, e) -> row.dateTime(epochMs.of(e)));
        }

        /** Marks a table that gets a row per event ({@link ClickHouseTable#rowPerEvent()}). */
        public Builder<T> rowPerEvent() {
            rowPerEvent = true;
            return this;
        }

        /** Ends the declaration with the {@code version} column every table has. */
        public ClickHouseTable<T> versioned() {
            column("version", ColumnType.INT64, (row, e) -> row.int64(RowVersion.next()));
            return new ClickHouseTable<>(name, columns, types, writers, rowPerEvent);
        }
    }
}
