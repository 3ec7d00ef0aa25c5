package io.playpulse.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binds nullable values to a PreparedStatement, one position after another. */
final class Binder {
    private final PreparedStatement statement;
    private int index = 1;

    Binder(PreparedStatement statement) {
        this.statement = statement;
    }

    Binder string(String value) throws SQLException {
        if (value == null) {
            statement.setNull(index++, Types.VARCHAR);
        } else {
            statement.setString(index++, value);
        }
        return this;
    }

    Binder int64(long value) throws SQLException {
        statement.setLong(index++, value);
        return this;
    }

    Binder int64(Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index++, Types.BIGINT);
        } else {
            statement.setLong(index++, value);
        }
        return this;
    }

    Binder int32(Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index++, Types.INTEGER);
        } else {
            statement.setInt(index++, value);
        }
        return this;
    }

    Binder float64(Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index++, Types.DOUBLE);
        } else {
            statement.setDouble(index++, value);
        }
        return this;
    }

    Binder flag(boolean value) throws SQLException {
        statement.setInt(index++, value ? 1 : 0);
        return this;
    }

    /** A Date column, bound as its ISO text (yyyy-MM-dd, UTC). */
    Binder date(long epochMs) throws SQLException {
        statement.setString(index++, java.time.LocalDate.ofEpochDay(Math.floorDiv(epochMs, 86_400_000L)).toString());
        return this;
    }

    /** A DateTime column, bound as epoch seconds: 18.16 lacks the function setTimestamp would use. */
    Binder dateTime(long epochMs) throws SQLException {
        statement.setLong(index++, Math.floorDiv(epochMs, 1000));
        return this;
    }
}
