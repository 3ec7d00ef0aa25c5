package io.playpulse.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playpulse.it.LiveServices;
import io.playpulse.it.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.flink.connector.kafka.sink.internal.KafkaCommitter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Why {@link OutageTolerantKafkaSink.FailingOverCommitter} fails over, on the real broker: a commit
 * that timed out while the broker was away never succeeds when retried with the same producer, not
 * even once the broker is back; a new producer, as the restored committer has, commits the same
 * transaction, and a read_committed reader sees its record once.
 */
class KafkaCommitAfterOutageIT {
    /** kafka.producer-max-block, short so that the test is. */
    private static final Duration MAX_BLOCK = Duration.ofSeconds(8);

    @Test
    void aCommitThatTimedOutIsCompletedByTheRestoredCommittersNewProducer() throws Exception {
        String topic = LiveServices.unique("commit-after-outage");
        LiveServices.createTopics(Map.of(topic, 1));
        KafkaCommittable precommitted = precommittedTransaction(topic, topic + "-0-1");

        LiveServices.stop("kafka");
        KafkaCommitter kafkaCommitter = committer(topic, 0);
        try (OutageTolerantKafkaSink.FailingOverCommitter committer = new OutageTolerantKafkaSink.FailingOverCommitter(kafkaCommitter)) {
            RecordingCommitRequest first = new RecordingCommitRequest(precommitted);
            assertThatThrownBy(() -> committer.commit(List.of(first)))
                    .as("the commit times out while the broker is away, and fails over").isInstanceOf(IllegalStateException.class);
            assertThat(first.signals).containsExactly("failed unknown");

            // What Flink did before: retry at once, with the same producer, while the broker comes back.
            CompletableFuture<RecordingCommitRequest> retried = CompletableFuture.supplyAsync(() -> commitOnce(kafkaCommitter, precommitted));
            LiveServices.start("kafka");
            assertThat(retried.join().signals).containsExactly("retry");
            assertThat(commitOnce(kafkaCommitter, precommitted).signals)
                    .as("a retry with the same producer, the broker back for a while").containsExactly("retry");
        } finally {
            LiveServices.start("kafka"); // if a step above failed before it
        }

        try (OutageTolerantKafkaSink.FailingOverCommitter restored = new OutageTolerantKafkaSink.FailingOverCommitter(committer(topic, 1))) {
            RecordingCommitRequest again = new RecordingCommitRequest(precommitted);
            restored.commit(List.of(again));
            // Committed now, or already by the first producer's request once the broker took it (then fenced, a known outcome).
            assertThat(again.signals).isSubsetOf("failed known");
        }
        assertThat(TopicReader.readCommitted(topic)).extracting(record -> new String(record.value(), UTF_8)).containsExactly("one");
    }

    /** A transaction with one record, pre-committed as the sink's writer leaves it at a checkpoint; its producer then dies. */
    private static KafkaCommittable precommittedTransaction(String topic, String transactionalId) throws Exception {
        try (FlinkKafkaInternalProducer<byte[], byte[]> writer = new FlinkKafkaInternalProducer<>(producerProperties(), transactionalId)) {
            writer.initTransactions();
            writer.beginTransaction();
            writer.send(new ProducerRecord<>(topic, "one".getBytes(UTF_8))).get();
            writer.flush();
            return new KafkaCommittable(writer.getProducerId(), writer.getEpoch(), transactionalId, null);
        }
    }

    /** The connector's own committer, as the KafkaSink creates it for a (restarted) subtask. */
    private static KafkaCommitter committer(String prefix, int attempt) {
        return new KafkaCommitter(producerProperties(), prefix, 0, attempt, false, FlinkKafkaInternalProducer::new);
    }

    private static RecordingCommitRequest commitOnce(KafkaCommitter committer, KafkaCommittable committable) {
        RecordingCommitRequest request = new RecordingCommitRequest(committable);
        try {
            committer.commit(List.of(request));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return request;
    }

    private static Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LiveServices.KAFKA);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(MAX_BLOCK.toMillis()));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
