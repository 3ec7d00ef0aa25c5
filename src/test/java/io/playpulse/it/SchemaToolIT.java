package io.playpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playpulse.PlayPulseWorkflow;
import io.playpulse.alert.Alert;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.KafkaIngest;
import io.playpulse.events.RejectedRecord;
import io.playpulse.sink.Outputs;
import io.playpulse.tools.SchemaTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema tool on the real server: a database made by an older release is brought up to date. */
class SchemaToolIT {
    private static final Path SQL = Path.of("sql");
    private ClickHouseHttp ch;

    @BeforeEach
    void emptyDatabase() throws Exception {
        ch = LiveServices.asAdministrator(LiveServices.unique("it_schema"));
        ch.executeWithoutDatabase("CREATE DATABASE " + ch.database());
    }

    @AfterEach
    void drop() throws Exception {
        LiveServices.dropDatabase(ch);
    }

    @Test
    void appliesTwiceWithoutChangesAndLeavesNoScratchDatabase() throws Exception {
        SchemaTool.apply(ch, SQL);
        List<String> again = SchemaTool.apply(ch, SQL);

        assertThat(again).noneMatch(line -> line.startsWith("ALTER") || line.startsWith("re-created"));
        assertThat(ch.count("SELECT count() FROM system.tables WHERE database = '" + ch.database() + "'"))
                .isEqualTo(14);
        assertThat(ch.count("SELECT count() FROM system.databases WHERE name LIKE '%schema_probe'")).isZero();
    }

    /** Each table the job writes, as the workflow declares it, against sql/schema as the server made it. */
    @Test
    void everyColumnTheJobWritesIsInTheSchemaWithATypeItsEncodingFits() throws Exception {
        SchemaTool.apply(ch, SQL);
        List<ClickHouseTable<?>> written = new ArrayList<>();
        Outputs recording = new Outputs() {
            @Override
            public <T> Sink<T> table(ClickHouseTable<T> table) {
                written.add(table);
                return new DiscardingSink<>();
            }

            @Override
            public Sink<RejectedRecord> deadLetterTopic() {
                return new DiscardingSink<>();
            }

            @Override
            public Sink<Alert> alertsTopic() {
                return new DiscardingSink<>();
            }
        };
        PlayPulseConfig config = PlayPulseConfig.of(Map.of());
        PlayPulseWorkflow.define(StreamExecutionEnvironment.getExecutionEnvironment(), config,
                KafkaIngest.source(config), recording);

        assertThat(written).extracting(ClickHouseTable::name).doesNotHaveDuplicates().hasSize(13);
        for (ClickHouseTable<?> table : written) {
            Map<String, String> described = new HashMap<>();
            for (Map<String, String> column : ch.query("DESCRIBE TABLE " + table.name())) {
                described.put(column.get("name"), column.get("type"));
            }
            for (int i = 0; i < table.columns().size(); i++) {
                String column = table.name() + "." + table.columns().get(i);
                String serverType = described.get(table.columns().get(i));
                assertThat(serverType).as(column).isNotNull();
                assertThat(table.types().get(i).fits(serverType)).as("%s %s written as %s", column, serverType,
                        table.types().get(i)).isTrue();
            }
        }
    }

    @Test
    void addsTheColumnsAReleaseAddedAndRecreatesChangedViews() throws Exception {
        // kpi_events_per_minute as an older release made it: no users column; an older view.
        ch.execute("""
                CREATE TABLE kpi_events_per_minute (minute DateTime,
                    event_type Enum8('USER_LOGIN' = 0, 'USER_LOGOUT' = 1, 'LEVEL_UP' = 2, 'ITEM_PURCHASE' = 3,
                        'SKILL_USE' = 4, 'PLAYER_DEATH' = 5, 'QUEST_COMPLETE' = 6, 'CHAT_MESSAGE' = 7,
                        'GUILD_ACTION' = 8, 'PVP_BATTLE' = 9, 'PAYMENT' = 10, 'ERROR_OCCURRED' = 11),
                    platform String, events UInt64, version UInt64, retired_column UInt8)
                ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(minute) ORDER BY (minute, event_type, platform)""");
        ch.execute("INSERT INTO kpi_events_per_minute VALUES ('2026-11-26 10:00:00', 'SKILL_USE', 'pc', 42, 1, 0)");
        ch.execute("CREATE VIEW player_presence_minute AS SELECT 1 AS ccu");

        List<String> log = SchemaTool.apply(ch, SQL);

        assertThat(log).contains("ALTER TABLE kpi_events_per_minute ADD COLUMN users UInt64 AFTER events",
                "re-created view player_presence_minute",
                "kept column kpi_events_per_minute.retired_column, which sql/schema no longer has");
        List<Map<String, String>> rows = ch.query("SELECT events, users, version FROM kpi_events_per_minute");
        assertThat(rows).containsExactly(Map.of("events", "42", "users", "0", "version", "1"));
        assertThat(ch.query("DESCRIBE TABLE player_presence_minute")).extracting(r -> r.get("name"))
                .containsExactly("minute", "server_id", "platform", "ccu");
        assertThat(SchemaTool.apply(ch, SQL)).noneMatch(line -> line.startsWith("ALTER") || line.startsWith("re-created"));
    }

    /** A release that adds reject reasons extends rejected_events.reason in place; old rows keep theirs. */
    @Test
    void extendsAnEnumColumnInPlaceWhenAReleaseAddsValues() throws Exception {
        ch.execute("""
                CREATE TABLE rejected_events (source_topic String, source_partition UInt32, source_offset UInt64,
                    reason Enum8('NOT_JSON' = 1, 'NOT_AN_OBJECT' = 2, 'MISSING_FIELD' = 3, 'WRONG_TYPE' = 4,
                        'FIELD_TOO_LONG' = 5, 'UNKNOWN_EVENT_TYPE' = 6, 'INVALID_USER_ID' = 7,
                        'TIMESTAMP_IN_FUTURE' = 8, 'TIMESTAMP_TOO_OLD' = 9, 'PAYLOAD_TOO_LARGE' = 10,
                        'NEGATIVE_AMOUNT' = 11),
                    detail String, record_key Nullable(String), payload String, payload_bytes UInt32,
                    kafka_time_ms Int64, rejected_at DateTime, version UInt64)
                ENGINE = ReplacingMergeTree(version) ORDER BY (source_topic, source_partition, source_offset)""");
        ch.execute("INSERT INTO rejected_events VALUES ('t', 0, 7, 'NOT_JSON', 'd', NULL, 'x', 1, 0, 0, 1)");

        List<String> log = SchemaTool.apply(ch, SQL);

        assertThat(log).anyMatch(line -> line.startsWith("ALTER TABLE rejected_events MODIFY COLUMN reason Enum8("));
        ch.execute("INSERT INTO rejected_events VALUES ('t', 0, 8, 'UNSUPPORTED_ENCODING', 'd', NULL, 'x', 1, 0, 0, 1)");
        assertThat(ch.query("SELECT source_offset, reason FROM rejected_events ORDER BY source_offset"))
                .containsExactly(Map.of("source_offset", "7", "reason", "NOT_JSON"),
                        Map.of("source_offset", "8", "reason", "UNSUPPORTED_ENCODING"));
        assertThat(SchemaTool.apply(ch, SQL)).noneMatch(line -> line.startsWith("ALTER"));
    }

    @Test
    void stopsBeforeChangingAnythingWhenOnlyAHandMigrationCanMendTheDifference() throws Exception {
        ch.execute("CREATE TABLE alerts (alert_id String, rule String) ENGINE = MergeTree ORDER BY rule");
        ch.execute("CREATE TABLE kpi_revenue (window_start UInt32) ENGINE = MergeTree ORDER BY window_start");

        assertThatThrownBy(() -> SchemaTool.apply(ch, SQL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alerts: MergeTree ORDER BY rule PRIMARY KEY rule, sql/schema wants ReplacingMergeTree(version)")
                .hasMessageContaining("kpi_revenue.window_start: UInt32, sql/schema wants DateTime")
                .hasMessageContaining("nothing was changed");
        assertThat(ch.count("SELECT count() FROM system.tables WHERE database = '" + ch.database() + "'"))
                .as("no table created, no column added").isEqualTo(2);
        assertThat(ch.query("DESCRIBE TABLE alerts")).hasSize(2);
        assertThat(ch.count("SELECT count() FROM system.databases WHERE name LIKE '%schema_probe%'"))
                .as("the scratch database is gone").isZero();
    }

    @Test
    void addsColumnsBeforeCreatingTheViewsThatReadThem(@TempDir Path sql) throws Exception {
        ch.execute("CREATE TABLE scores (user_id UInt64) ENGINE = MergeTree ORDER BY user_id");
        Files.createDirectories(sql.resolve("schema"));
        Files.writeString(sql.resolve("schema/001_scores.sql"), """
                CREATE TABLE IF NOT EXISTS scores (user_id UInt64, score Float64 DEFAULT 0.5)
                ENGINE = MergeTree ORDER BY user_id;
                CREATE VIEW IF NOT EXISTS high_scores AS SELECT user_id FROM scores WHERE score > 0.7;
                """);

        List<String> log = SchemaTool.apply(ch, sql);

        assertThat(log).contains("ALTER TABLE scores ADD COLUMN score Float64 DEFAULT 0.5 AFTER user_id");
        assertThat(ch.count("SELECT count() FROM high_scores")).isZero();
    }

    @Test
    void neverDropsATableThatSqlSchemaNowWantsAsAView(@TempDir Path sql) throws Exception {
        ch.execute("CREATE TABLE high_scores (user_id UInt64) ENGINE = MergeTree ORDER BY user_id");
        ch.execute("INSERT INTO high_scores VALUES (1)");
        Files.createDirectories(sql.resolve("schema"));
        Files.writeString(sql.resolve("schema/001_scores.sql"), """
                CREATE TABLE IF NOT EXISTS scores (user_id UInt64) ENGINE = MergeTree ORDER BY user_id;
                CREATE VIEW IF NOT EXISTS high_scores AS SELECT user_id FROM scores;
                """);

        assertThatThrownBy(() -> SchemaTool.apply(ch, sql)).hasMessageContaining("high_scores: a MergeTree");
        assertThat(ch.count("SELECT count() FROM high_scores")).isEqualTo(1);
    }
}
