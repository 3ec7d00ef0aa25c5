package io.playpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.sink.ClickHouseHttp;
import io.playpulse.sink.ClickHouseSinks;
import io.playpulse.sink.ClickHouseTable;
import io.playpulse.sink.ClickHouseTables;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC path into the real ClickHouse server: exact row counts and typed values. */
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

    /**
     * clickhouse-java #2548: reusing one PreparedStatement across executeBatch calls re-inserted
     * earlier batches. The JDBC sink reuses its statement; on a plain MergeTree table (which never
     * de-duplicates) the count must be exact.
     */
    @Test
    void manyBatchesThroughOneStatementInsertEveryRowExactlyOnce() throws Exception {
        ch.execute("CREATE TABLE probe (id UInt64, label Nullable(String)) ENGINE = MergeTree ORDER BY id");
        ClickHouseTable<Long> probe = new ClickHouseTable<>("probe", List.of("id", "label"), (statement, id) -> {
            statement.setLong(1, id);
            if (id % 3 == 0) {
                statement.setNull(2, java.sql.Types.VARCHAR);
            } else {
                statement.setString(2, "row-" + id);
            }
        });
        long rows = 25_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, rows).returns(Types.LONG).sinkTo(ClickHouseSinks.into(probe, config));
        env.execute("clickhouse-sink-probe");

        assertThat(ch.count("SELECT count() FROM probe")).isEqualTo(rows);
        assertThat(ch.count("SELECT uniqExact(id) FROM probe")).isEqualTo(rows);
        assertThat(ch.count("SELECT countIf(label IS NULL) FROM probe")).isEqualTo(rows / 3);
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
        env.fromData(GameEvent.class, full, sparse).sinkTo(ClickHouseSinks.into(ClickHouseTables.GAME_EVENTS, config));
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
