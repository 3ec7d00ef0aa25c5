package io.playpulse.clickhouse;

import org.apache.flink.api.connector.sink2.Sink;

/** Where rows for a ClickHouse table go: the real table in production, anything a test plugs in. */
public interface TableSinks {
    <T> Sink<T> table(ClickHouseTable<T> table);
}
