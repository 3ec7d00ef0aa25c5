package io.playpulse.sink;

import io.playpulse.config.PlayPulseConfig;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes a stream into a ClickHouse table through flink-connector-jdbc and the maintained
 * clickhouse-jdbc driver. At least once: rows are flushed by batch size, by interval and on every
 * checkpoint; every table's sorting key makes a re-sent row replace itself, so what is read with
 * FINAL is exactly once.
 */
public final class ClickHouseSinks {
    public static final String DRIVER = "com.clickhouse.jdbc.ClickHouseDriver";

    private ClickHouseSinks() {}

    public static <T> JdbcSink<T> into(ClickHouseTable<T> table, PlayPulseConfig config) {
        return JdbcSink.<T>builder()
                .withQueryStatement(table.insertSql(config.clickHouseDatabase), table.rowBinder())
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(config.clickHouseBatchSize)
                        .withBatchIntervalMs(config.clickHouseFlushInterval.toMillis())
                        .withMaxRetries(config.clickHouseMaxRetries)
                        .build())
                .buildAtLeastOnce(connection(config));
    }

    public static JdbcConnectionOptions connection(PlayPulseConfig config) {
        return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(config.clickHouseJdbcUrl())
                .withDriverName(DRIVER)
                .withUsername(config.clickHouseUser)
                .withPassword(config.clickHousePassword)
                .build();
    }
}
