package io.playpulse.events;

import static io.playpulse.config.PlayPulseOptions.CONSUMER_GROUP;
import static io.playpulse.config.PlayPulseOptions.EVENTS_TOPIC;
import static io.playpulse.config.PlayPulseOptions.KAFKA_BOOTSTRAP_SERVERS;
import static io.playpulse.config.PlayPulseOptions.MAX_CLOCK_SKEW;
import static io.playpulse.config.PlayPulseOptions.MAX_EVENT_AGE;
import static io.playpulse.config.PlayPulseOptions.MAX_PAYLOAD_BYTES;

import io.playpulse.config.PlayPulseConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The game-events source: read_committed, offsets from checkpoints (or the group's, or the earliest). */
public final class KafkaIngest {
    private KafkaIngest() {}

    public static KafkaSource<IngestedRecord> source(PlayPulseConfig config) {
        return builder(config).build();
    }

    /** The source as the job configures it, for a caller to bound (the benchmark's ceiling). */
    public static KafkaSourceBuilder<IngestedRecord> builder(PlayPulseConfig config) {
        EventParser parser = new EventParser(config.get(MAX_PAYLOAD_BYTES), config.get(MAX_EVENT_AGE), config.get(MAX_CLOCK_SKEW));
        return KafkaSource.<IngestedRecord>builder()
                .setBootstrapServers(config.get(KAFKA_BOOTSTRAP_SERVERS))
                .setTopics(config.get(EVENTS_TOPIC))
                .setGroupId(config.get(CONSUMER_GROUP))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new GameEventDeserializer(parser))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000");
    }
}
