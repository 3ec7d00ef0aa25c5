package io.playpulse.sink;

import static io.playpulse.config.PlayPulseOptions.ALERTS_TOPIC;
import static io.playpulse.config.PlayPulseOptions.DEAD_LETTER_TOPIC;
import static io.playpulse.config.PlayPulseOptions.KAFKA_BOOTSTRAP_SERVERS;
import static io.playpulse.config.PlayPulseOptions.KAFKA_PRODUCER_MAX_BLOCK;
import static io.playpulse.config.PlayPulseOptions.KAFKA_TRANSACTION_TIMEOUT;
import static io.playpulse.config.PlayPulseOptions.TRANSACTIONAL_ID_PREFIX;

import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The job's Kafka outputs, both transactional (EXACTLY_ONCE): consumers that read with
 * isolation.level=read_committed see each record once, when the checkpoint that produced it
 * completes. Records carry no event-time timestamp: the broker's retention then never deletes
 * replayed or backfilled output on arrival. A broker outage past kafka.producer-max-block restarts
 * the job, never the TaskManager ({@link OutageTolerantKafkaSink}).
 */
public final class KafkaSinks {
    public static final String HEADER_REASON = "playpulse.reason";
    public static final String HEADER_DETAIL = "playpulse.detail";
    public static final String HEADER_SOURCE_TOPIC = "playpulse.source.topic";
    public static final String HEADER_SOURCE_PARTITION = "playpulse.source.partition";
    public static final String HEADER_SOURCE_OFFSET = "playpulse.source.offset";
    public static final String HEADER_SOURCE_TIMESTAMP = "playpulse.source.timestamp";

    private KafkaSinks() {}

    /** game-events-dlq: the original key and bytes, untouched; why and where from, in headers. */
    public static Sink<RejectedRecord> deadLetter(PlayPulseConfig config) {
        String topic = config.get(DEAD_LETTER_TOPIC);
        KafkaRecordSerializationSchema<RejectedRecord> serializer = (r, context, timestamp) ->
                new ProducerRecord<>(topic, null, null, r.key, r.payload, List.<Header>of(
                        header(HEADER_REASON, r.reason.name()),
                        header(HEADER_DETAIL, r.detail),
                        header(HEADER_SOURCE_TOPIC, r.sourceTopic),
                        header(HEADER_SOURCE_PARTITION, Integer.toString(r.sourcePartition)),
                        header(HEADER_SOURCE_OFFSET, Long.toString(r.sourceOffset)),
                        header(HEADER_SOURCE_TIMESTAMP, Long.toString(r.kafkaTimestampMs))));
        return exactlyOnce(config, serializer, "dlq");
    }

    /** game-alerts: keyed by dedup_key so one incident's alerts stay in order; JSON value. */
    public static Sink<Alert> alerts(PlayPulseConfig config) {
        String topic = config.get(ALERTS_TOPIC);
        KafkaRecordSerializationSchema<Alert> serializer = (a, context, timestamp) -> new ProducerRecord<>(
                topic, null, null, a.dedupKey.getBytes(StandardCharsets.UTF_8), AlertJson.toBytes(a));
        return exactlyOnce(config, serializer, "alerts");
    }

    private static <T> Sink<T> exactlyOnce(
            PlayPulseConfig config, KafkaRecordSerializationSchema<T> serializer, String name) {
        return new OutageTolerantKafkaSink<>(KafkaSink.<T>builder()
                .setBootstrapServers(config.get(KAFKA_BOOTSTRAP_SERVERS))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.get(TRANSACTIONAL_ID_PREFIX) + "-" + name)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        Long.toString(config.get(KAFKA_TRANSACTION_TIMEOUT).toMillis()))
                .setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.get(KAFKA_PRODUCER_MAX_BLOCK).toMillis()))
                .build());
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
