package io.playpulse;

import io.playpulse.alert.Alert;
import io.playpulse.events.RejectedRecord;
import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.sink.Outputs;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Outputs that keep what the job writes in memory, by table or topic name, for a job that runs in
 * this JVM. Each instance has its own space, so tests do not see each other's rows.
 */
final class CollectingOutputs implements Outputs, Serializable {
    private static final Map<String, ConcurrentLinkedQueue<Object>> WRITTEN = new ConcurrentHashMap<>();

    static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    static final String ALERTS_TOPIC = "alerts-topic";

    private final String space = UUID.randomUUID().toString();

    @Override
    public <T> Sink<T> table(ClickHouseTable<T> table) {
        return new Collecting<>(space + "/" + table.name());
    }

    @Override
    public Sink<RejectedRecord> deadLetterTopic() {
        return new Collecting<>(space + "/" + DEAD_LETTER_TOPIC);
    }

    @Override
    public Sink<Alert> alertsTopic() {
        return new Collecting<>(space + "/" + ALERTS_TOPIC);
    }

    /** What the job wrote to one table or topic, in the order written. */
    @SuppressWarnings("unchecked")
    <T> List<T> written(String tableOrTopic) {
        ConcurrentLinkedQueue<Object> rows = WRITTEN.get(space + "/" + tableOrTopic);
        return rows == null ? List.of() : (List<T>) List.copyOf(rows);
    }

    /** Forgets this instance's rows. */
    void clear() {
        WRITTEN.keySet().removeIf(key -> key.startsWith(space + "/"));
    }

    private record Collecting<T>(String key) implements Sink<T> {
        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            ConcurrentLinkedQueue<Object> rows = WRITTEN.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    rows.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
