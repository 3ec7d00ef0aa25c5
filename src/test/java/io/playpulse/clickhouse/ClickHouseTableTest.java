package io.playpulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playpulse.clickhouse.ClickHouseTable.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickHouseTableTest {
    private record Row(long id, String name, Double score) {}

    private static final ClickHouseTable<Row> TABLE = ClickHouseTable.<Row>named("scores")
            .int64("id", Row::id)
            .string("name", Row::name)
            .float64("score", Row::score)
            .versioned();

    @Test
    void eachDeclaredColumnIsWrittenInOrderWithTheVersionLast() {
        assertThat(TABLE.insertSql("db")).isEqualTo("INSERT INTO db.scores (id, name, score, version) FORMAT TabSeparated");
        assertThat(TABLE.types()).containsExactly(ColumnType.INT64, ColumnType.STRING, ColumnType.FLOAT64, ColumnType.INT64);

        TsvRow rows = new TsvRow();
        TABLE.encode(rows, new Row(7, "a\tb", null));
        String text = new String(Arrays.copyOf(rows.bytes(), rows.size()), StandardCharsets.UTF_8);
        List<String> values = List.of(text.substring(0, text.length() - 1).split("\t", -1));
        assertThat(values).hasSize(4);
        assertThat(values.subList(0, 3)).containsExactly("7", "a\\tb", "\\N");
        assertThat(Long.parseLong(values.get(3))).isPositive();
    }

    @Test
    void aColumnDeclaredTwiceIsRefused() {
        assertThatThrownBy(() -> ClickHouseTable.<Row>named("t").int64("id", Row::id).string("id", Row::name))
                .hasMessageContaining("t.id declared twice");
    }

    @Test
    void columnTypesFitTheServerTypesThatParseTheirText() {
        assertThat(ColumnType.STRING.fits("LowCardinality(String)")).isTrue();
        assertThat(ColumnType.STRING.fits("Nullable(String)")).isTrue();
        assertThat(ColumnType.STRING.fits("Enum8('a' = 1, 'b' = 2)")).isTrue();
        assertThat(ColumnType.INT64.fits("Nullable(UInt64)")).isTrue();
        assertThat(ColumnType.INT32.fits("UInt16")).isTrue();
        assertThat(ColumnType.FLAG.fits("UInt8")).isTrue();
        assertThat(ColumnType.DATE_TIME.fits("DateTime")).isTrue();

        assertThat(ColumnType.STRING.fits("UInt64")).isFalse();
        assertThat(ColumnType.INT32.fits("Int64")).isFalse();
        assertThat(ColumnType.FLOAT64.fits("Float32")).isFalse();
        assertThat(ColumnType.DATE.fits("DateTime")).isFalse();
        assertThat(ColumnType.FLAG.fits("UInt16")).isFalse();
    }
}
