package io.playpulse.events;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record into exactly one {@link IngestedRecord}: the parsed event, or the
 * rejection with the original bytes and coordinates. Parsing happens in the source so that
 * watermarks are generated per partition from the events' own timestamps.
 */
public class GameEventDeserializer implements KafkaRecordDeserializationSchema<IngestedRecord> {
    private static final long serialVersionUID = 1L;

    private final EventParser parser;

    public GameEventDeserializer(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngestedRecord> out) {
        long now = System.currentTimeMillis();
        try {
            GameEvent event = parser.parse(record.value(), now);
            out.collect(IngestedRecord.valid(event, record.topic(), record.partition()));
        } catch (InvalidEventException invalid) {
            RejectedRecord r = new RejectedRecord();
            r.reason = invalid.reason();
            r.detail = invalid.getMessage();
            r.key = record.key();
            r.payload = record.value() == null ? new byte[0] : record.value();
            r.sourceTopic = record.topic();
            r.sourcePartition = record.partition();
            r.sourceOffset = record.offset();
            r.kafkaTimestampMs = record.timestamp();
            r.rejectedAtMs = now;
            out.collect(IngestedRecord.rejected(r));
        }
    }

    @Override
    public TypeInformation<IngestedRecord> getProducedType() {
        return TypeInformation.of(IngestedRecord.class);
    }
}
