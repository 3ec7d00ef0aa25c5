package io.playpulse.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaToolTest {
    @Test
    void splitsFilesIntoStatementsAndDropsComments() {
        String sql = "-- a comment\nCREATE TABLE a\n(\n  x UInt8\n)\nENGINE = Memory;\n\n-- b\nDROP TABLE b;\n";
        assertThat(SchemaTool.statements(sql))
                .containsExactly("CREATE TABLE a\n(\n  x UInt8\n)\nENGINE = Memory", "DROP TABLE b");
    }

    @Test
    void anEnumWithMoreValuesIsChangedInPlaceButNotOneThatRenumbersOrDrops() {
        String old = "Enum8('A' = 1, 'B' = 2)";
        assertThat(SchemaTool.enumExtended(old, "Enum8('A' = 1, 'B' = 2, 'C' = 3)")).isTrue();
        assertThat(SchemaTool.enumExtended("Nullable(" + old + ")", "Nullable(Enum8('A' = 1, 'B' = 2, 'C' = 3))")).isTrue();
        assertThat(SchemaTool.enumExtended(old, old)).isFalse();
        assertThat(SchemaTool.enumExtended(old, "Enum8('A' = 1, 'B' = 3)")).isFalse();
        assertThat(SchemaTool.enumExtended(old, "Enum8('A' = 1)")).isFalse();
        assertThat(SchemaTool.enumExtended(old, "Enum16('A' = 1, 'B' = 2, 'C' = 3)")).isFalse();
        assertThat(SchemaTool.enumExtended(old, "Nullable(Enum8('A' = 1, 'B' = 2, 'C' = 3))")).isFalse();
        assertThat(SchemaTool.enumExtended("String", "String")).isFalse();
    }

    /** The sink writes reasons by name: a reason missing from the column's enum would fail every insert of it. */
    @Test
    void everyRejectReasonIsAValueOfTheRejectedEventsReasonColumn() throws Exception {
        String table = Files.readString(Path.of("sql", "schema", "002_rejected_events.sql"));
        for (io.playpulse.events.RejectReason reason : io.playpulse.events.RejectReason.values()) {
            assertThat(table).contains("'" + reason.name() + "' = ");
        }
    }

    @Test
    void readsTheMinimumServerVersion() {
        assertThat(SchemaTool.minimumVersion("-- playpulse: min-server-version 19.6\nALTER ...")).isEqualTo("19.6");
        assertThat(SchemaTool.minimumVersion("CREATE ...")).isNull();
    }

    @Test
    void comparesServerVersionsNumerically() {
        assertThat(SchemaTool.compareVersions("18.16.1", "19.6")).isNegative();
        assertThat(SchemaTool.compareVersions("24.8.4.13", "19.6")).isPositive();
        assertThat(SchemaTool.compareVersions("19.6", "19.6.0")).isZero();
        assertThat(SchemaTool.compareVersions("19.10.1", "19.6")).isPositive();
    }

    @Test
    void everySchemaStatementCreatesOneNamedObjectIfItDoesNotExist() throws Exception {
        try (var files = Files.list(Path.of("sql", "schema"))) {
            for (Path file : files.toList()) {
                for (String statement : SchemaTool.statements(Files.readString(file))) {
                    assertThat(SchemaTool.createdName(statement, file.toString())).as(file.toString()).isNotBlank();
                }
            }
        }
        assertThat(SchemaTool.createdName("CREATE VIEW IF NOT EXISTS v AS SELECT 1", "f")).isEqualTo("v");
        assertThatThrownBy(() -> SchemaTool.createdName("ALTER TABLE t ADD COLUMN c UInt8", "f.sql"))
                .hasMessageContaining("f.sql");
    }

    @Test
    void rejectsQualifiedNamesAndMaterializedViews() {
        assertThatThrownBy(() -> SchemaTool.createdName("CREATE TABLE IF NOT EXISTS db.t (x UInt8) ENGINE = Memory", "f"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaTool.createdName("CREATE MATERIALIZED VIEW IF NOT EXISTS mv TO t AS SELECT 1", "f"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SchemaTool.createdName("CREATE TABLE IF NOT EXISTS t(x UInt8) ENGINE = Memory", "f")).isEqualTo("t");
    }

    @Test
    void comparesTheEngineWithItsArgumentsButNotReplicationTtlOrSettings() {
        assertThat(SchemaTool.engineWithArguments(
                "ReplacingMergeTree(version) PARTITION BY toYYYYMM(minute) ORDER BY (minute, platform) "
                        + "SETTINGS index_granularity = 8192")).isEqualTo("ReplacingMergeTree(version)");
        assertThat(SchemaTool.engineWithArguments(
                "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/alerts', '{replica}', version) ORDER BY x"))
                .isEqualTo("ReplacingMergeTree(version)");
        assertThat(SchemaTool.engineWithArguments("ReplicatedMergeTree('/p', '{replica}') ORDER BY x")).isEqualTo("MergeTree");
        assertThat(SchemaTool.engineWithArguments("ReplicatedMergeTree ORDER BY x")).isEqualTo("MergeTree");
        assertThat(SchemaTool.engineWithArguments("MergeTree() ORDER BY x TTL d + toIntervalDay(365)")).isEqualTo("MergeTree");
        assertThat(SchemaTool.engineWithArguments("SummingMergeTree((a, b)) ORDER BY x")).isEqualTo("SummingMergeTree((a, b))");

        Map<String, String> wanted = Map.of("engine_full", "MergeTree ORDER BY x SETTINGS index_granularity = 8192",
                "partition_key", "toYYYYMM(d)", "sorting_key", "x", "primary_key", "x", "sampling_key", "");
        Map<String, String> withTtl = new java.util.HashMap<>(wanted);
        withTtl.put("engine_full", "MergeTree ORDER BY x TTL d + toIntervalDay(365) SETTINGS index_granularity = 8192");
        assertThat(SchemaTool.layout(withTtl)).isEqualTo(SchemaTool.layout(wanted));
        Map<String, String> otherKey = new java.util.HashMap<>(wanted);
        otherKey.put("sorting_key", "x, y");
        assertThat(SchemaTool.layout(otherKey)).isNotEqualTo(SchemaTool.layout(wanted));
    }
}
