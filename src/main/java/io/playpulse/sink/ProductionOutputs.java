package io.playpulse.sink;

import io.playpulse.alert.Alert;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.GameEvent;
import io.playpulse.events.RejectedRecord;
import io.playpulse.kpi.EventsPerMinute;
import org.apache.flink.api.connector.sink2.Sink;

/** The real outputs: ClickHouse tables of sql/schema and the transactional Kafka topics. */
public class ProductionOutputs implements Outputs {
    private final PlayPulseConfig config;

    public ProductionOutputs(PlayPulseConfig config) {
        this.config = config;
    }

    @Override
    public Sink<GameEvent> cleanEvents() {
        return ClickHouseSinks.into(ClickHouseTables.GAME_EVENTS, config);
    }

    @Override
    public Sink<RejectedRecord> rejectedTable() {
        return ClickHouseSinks.into(ClickHouseTables.REJECTED_EVENTS, config);
    }

    @Override
    public Sink<RejectedRecord> deadLetterTopic() {
        return KafkaSinks.deadLetter(config);
    }

    @Override
    public Sink<EventsPerMinute> eventsPerMinute() {
        return ClickHouseSinks.into(ClickHouseTables.KPI_EVENTS_PER_MINUTE, config);
    }

    @Override
    public Sink<Alert> alertsTopic() {
        return KafkaSinks.alerts(config);
    }

    @Override
    public Sink<Alert> alertsTable() {
        return ClickHouseSinks.into(ClickHouseTables.ALERTS, config);
    }
}
