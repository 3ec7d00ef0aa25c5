package io.playpulse.sink;

import io.playpulse.alert.Alert;
import io.playpulse.clickhouse.TableSinks;
import io.playpulse.events.RejectedRecord;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the workflow writes. Production writes to ClickHouse and Kafka; tests may plug in their own. */
public interface Outputs extends TableSinks {
    /** The dead-letter topic. */
    Sink<RejectedRecord> deadLetterTopic();

    /** The paging topic. */
    Sink<Alert> alertsTopic();
}
