package io.playpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.clickhouse.ClickHouseSink;
import io.playpulse.clickhouse.ClickHouseTable;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP sink into the real ClickHouse server: exact row counts, typed values, awkward values. */
class ClickHouseSinkIT {
    private ClickHouseHttp ch;
    private PlayPulseConfig config;

    @BeforeEach
    void database() throws Exception {
        ch = LiveServices.freshDatabase("it_sink");
        config = PlayPulseConfig.of(Map.of(
                "clickhouse.url", LiveServices.CLICKHOUSE,
                "clickhouse.database", ch.database(),
                "clickhouse.batch-size", "1000"));
    }

    @AfterEach
    void drop() throws Exception {
        LiveServices.dropDatabase(ch);
    }

    /** Least privilege: the job's user writes rows but cannot change the schema; nobody logs in without a password. */
    @Test
    void theJobsUserInsertsButMayNotChangeTheSchemaAndNoUserLacksAPassword() throws Exception {
        ClickHouseHttp asJob = new ClickHouseHttp(LiveServices.CLICKHOUSE, ch.database(), config.clickHouseUser(),
                config.clickHousePassword());
        assertThat(config.clickHouseUser()).isEqualTo(LiveServices.WRITER);
        assertThat(config.clickHousePassword()).isNotEmpty();
        asJob.execute("INSERT INTO kpi_ccu_minute (minute, server_id, platform, ccu, version) "
                + "VALUES (toDateTime(1764000000), 's1', 'pc', 3, 1)");
        assertThat(ch.count("SELECT sum(ccu) FROM kpi_ccu_minute")).isEqualTo(3);
        assertThatThrownBy(() -> asJob.execute("DROP TABLE kpi_ccu_minute")).hasMessageContaining("DDL");
        assertThatThrownBy(() -> asJob.execute("CREATE TABLE scratch (x UInt8) ENGINE = Memory"))
                .hasMessageContaining("DDL");
        assertThatThrownBy(() -> new ClickHouseHttp(LiveServices.CLICKHOUSE, ch.database(), "default", "")
                .count("SELECT 1")).hasMessageContaining("Password required");
        ClickHouseHttp asReader = new ClickHouseHttp(LiveServices.CLICKHOUSE, ch.database(), "playpulse_reader",
                LiveServices.readerPassword());
        assertThatThrownBy(() -> asReader.execute("INSERT INTO kpi_ccu_minute (minute, server_id, platform, ccu, version) "
                + "VALUES (toDateTime(1764000000), 's1', 'pc', 5, 2)")).hasMessageContaining("readonly");
        assertThat(ch.count("SELECT sum(ccu) FROM kpi_ccu_minute")).isEqualTo(3);
    }

    /** Many batches into a plain MergeTree table (which never de-duplicates): the count must be exact. */
    @Test
    void manyBatchesInsertEveryRowExactlyOnce() throws Exception {
        ch.execute("CREATE TABLE probe (id UInt64, label Nullable(String), version UInt64) ENGINE = MergeTree ORDER BY id");
        ClickHouseTable<Long> probe = ClickHouseTable.<Long>named("probe")
                .int64("id", id -> id)
                .string("label", id -> id % 3 == 0 ? null : "row-" + id)
                .versioned();
        long rows = 25_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, rows).returns(Types.LONG).sinkTo(ClickHouseSink.into(probe, config));
        env.execute("clickhouse-sink-probe");

        assertThat(ch.count("SELECT count() FROM probe")).isEqualTo(rows);
        assertThat(ch.count("SELECT uniqExact(id) FROM probe")).isEqualTo(rows);
        assertThat(ch.count("SELECT countIf(label IS NULL) FROM probe")).isEqualTo(rows / 3);
    }

    /** Every awkward value the encoder may meet arrives as it was sent (or as its documented stand-in). */
    @Test
    void awkwardValuesArriveIntact() throws Exception {
        ch.execute("CREATE TABLE odd (id UInt64, s Nullable(String), i Int64, f Float64, t DateTime, d Date, version UInt64)"
                + " ENGINE = MergeTree ORDER BY id");
        List<String> strings = List.of("tab\there", "new\nline\r", "back\\slash \\N", "nul\0byte", "quote ' \"",
                "한국어 €", "emoji \uD83C\uDFAE", "", "\\N");
        List<Object[]> rows = new java.util.ArrayList<>();
        long id = 0;
        for (String s : strings) {
            rows.add(new Object[] {id++, s, Long.MIN_VALUE, 1e-300, 86_400_000L});
        }
        rows.add(new Object[] {id++, null, Long.MAX_VALUE, Double.MAX_VALUE, 4_102_444_799_000L});
        rows.add(new Object[] {id++, "lone \uD800 surrogate", 0L, Double.NaN, 1_764_000_000_999L});
        rows.add(new Object[] {id, "x", -1L, Double.NEGATIVE_INFINITY, 1_764_000_000_000L});
        ClickHouseTable<Object[]> odd = ClickHouseTable.<Object[]>named("odd")
                .int64("id", r -> (Long) r[0])
                .string("s", r -> (String) r[1])
                .int64("i", r -> (Long) r[2])
                .float64("f", r -> (Double) r[3])
                .dateTime("t", r -> (Long) r[4])
                .date("d", r -> (Long) r[4])
                .versioned();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(rows).sinkTo(ClickHouseSink.into(odd, config));
        env.execute("clickhouse-sink-odd-values");

        List<Map<String, String>> stored = ch.query(
                "SELECT id, s, toString(i) AS i, toString(f) AS f, toUInt32(t) AS t, toString(d) AS d FROM odd ORDER BY id");
        assertThat(stored).hasSize(rows.size());
        for (int k = 0; k < strings.size(); k++) {
            assertThat(stored.get(k)).containsEntry("s", strings.get(k)).containsEntry("i", Long.toString(Long.MIN_VALUE))
                    .containsEntry("f", "1e-300").containsEntry("t", "86400").containsEntry("d", "1970-01-02");
        }
        assertThat(stored.get(strings.size())).containsEntry("s", null).containsEntry("i", Long.toString(Long.MAX_VALUE))
                .containsEntry("f", "1.7976931348623157e308").containsEntry("t", "4102444799")
                .containsEntry("d", "2099-12-31");
        assertThat(stored.get(strings.size() + 1)).containsEntry("s", "lone ? surrogate").containsEntry("f", "nan")
                .containsEntry("t", "1764000000").containsEntry("d", "2025-11-24");
        assertThat(stored.get(strings.size() + 2)).containsEntry("i", "-1").containsEntry("f", "-inf");
    }

    @Test
    void gameEventsKeepEveryTypedColumnAndNulls() throws Exception {
        GameEvent full = new GameEvent();
        full.eventId = "e-full";
        full.eventType = EventType.PVP_BATTLE;
        full.userId = 9_007_199_254_740_993L;
        full.sessionId = "s-1";
        full.timestampMs = 1_764_000_000_123L;
        full.serverId = "kr-1";
        full.platform = "PC";
        full.clientVersion = "2.1.0";
        full.schemaVersion = "2.0";
        full.defenderId = 77L;
        full.battleResult = "win";
        full.weaponId = "bow";
        full.damageDealt = 1200L;
        full.damageReceived = 300L;
        full.level = 31;
        full.responseTimeMs = 12.25;
        full.properties = "{\"defender_id\":77,\"note\":\"tab\\there\"}";
        full.late = true;

        GameEvent sparse = new GameEvent();
        sparse.eventId = "e-sparse";
        sparse.eventType = EventType.USER_LOGIN;
        sparse.userId = 1;
        sparse.sessionId = "s-2";
        sparse.timestampMs = 1_764_000_001_000L;
        sparse.serverId = "us-1";
        sparse.platform = "iOS";
        sparse.properties = "{}";

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(GameEvent.class, full, sparse).sinkTo(ClickHouseSink.into(GameEvent.TABLE, config));
        env.execute("clickhouse-game-events");

        Map<String, String> f = ch.query("SELECT * FROM game_events FINAL WHERE event_id = 'e-full'").get(0);
        assertThat(f).containsEntry("event_type", "PVP_BATTLE")
                .containsEntry("user_id", "9007199254740993")
                .containsEntry("timestamp_ms", "1764000000123")
                .containsEntry("event_time", "2025-11-24 16:00:00")
                .containsEntry("client_version", "2.1.0")
                .containsEntry("defender_id", "77")
                .containsEntry("battle_result", "win")
                .containsEntry("damage_dealt", "1200")
                .containsEntry("level", "31")
                .containsEntry("response_time_ms", "12.25")
                .containsEntry("properties", full.properties)
                .containsEntry("is_late", "1")
                .containsEntry("price", null);
        Map<String, String> s = ch.query("SELECT * FROM game_events FINAL WHERE event_id = 'e-sparse'").get(0);
        assertThat(s).containsEntry("client_version", null)
                .containsEntry("schema_version", null)
                .containsEntry("level", null)
                .containsEntry("is_late", "0");
    }
}
