package io.playpulse.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchemaToolTest {
    @Test
    void splitsFilesIntoStatementsAndDropsComments() {
        String sql = "-- a comment\nCREATE TABLE a\n(\n  x UInt8\n)\nENGINE = Memory;\n\n-- b\nDROP TABLE b;\n";
        assertThat(SchemaTool.statements(sql))
                .containsExactly("CREATE TABLE a\n(\n  x UInt8\n)\nENGINE = Memory", "DROP TABLE b");
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
}
