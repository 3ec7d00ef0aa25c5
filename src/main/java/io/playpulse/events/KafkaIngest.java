package io.playpulse.events;

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
        EventParser parser = new EventParser(config.maxPayloadBytes, config.maxEventAge, config.maxClockSkew);
        return KafkaSource.<IngestedRecord>builder()
                .setBootstrapServers(config.kafkaBootstrapServers)
                .setTopics(config.eventsTopic)
                .setGroupId(config.consumerGroup)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new GameEventDeserializer(parser))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000");
    }
}
