package io.playpulse.sink;

import io.playpulse.alert.Alert;
import io.playpulse.clickhouse.ClickHouseSink;
import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.RejectedRecord;
import org.apache.flink.api.connector.sink2.Sink;

/** The real outputs: ClickHouse tables of sql/schema and the transactional Kafka topics. */
public class ProductionOutputs implements Outputs {
    private final PlayPulseConfig config;

    public ProductionOutputs(PlayPulseConfig config) {
        this.config = config;
    }

    @Override
    public <T> Sink<T> table(ClickHouseTable<T> table) {
        return ClickHouseSink.into(table, config);
    }

    @Override
    public Sink<RejectedRecord> deadLetterTopic() {
        return KafkaSinks.deadLetter(config);
    }

    @Override
    public Sink<Alert> alertsTopic() {
        return KafkaSinks.alerts(config);
    }
}
