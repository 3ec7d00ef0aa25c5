package io.playpulse.sink;

import io.playpulse.alert.Alert;
import io.playpulse.events.GameEvent;
import io.playpulse.events.RejectedRecord;
import io.playpulse.kpi.EventsPerMinute;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the workflow writes. Production writes to ClickHouse and Kafka; tests may plug in their own. */
public interface Outputs {
    Sink<GameEvent> cleanEvents();

    Sink<RejectedRecord> rejectedTable();

    Sink<RejectedRecord> deadLetterTopic();

    Sink<EventsPerMinute> eventsPerMinute();

    Sink<Alert> alertsTopic();

    Sink<Alert> alertsTable();
}
