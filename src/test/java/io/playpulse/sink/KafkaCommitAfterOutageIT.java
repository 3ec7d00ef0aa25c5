package io.playpulse.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playpulse.it.JobRunner;
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
 * Why {@link OutageTolerantKafkaSink.FailingOverCommitter} fails over, on the real broker, with the
 * connector's own committer. A restored job's commit that timed out while the broker was away never
 * succeeds when retried with the same producer, not even once the broker has taken the first
 * request: every retry waits the whole limit. After the fail-over a new committer finishes the job:
 * it commits a transaction whose first request never reached the broker, and finds the other one
 * committed. A read_committed reader sees each record once.
 */
class KafkaCommitAfterOutageIT {
    /** kafka.producer-max-block, short so that the test is. */
    private static final Duration MAX_BLOCK = Duration.ofSeconds(6);

    @Test
    void aCommitThatTimedOutIsNeverRetriedWithTheSameProducerAndANewOneFinishesIt() throws Exception {
        String topic = LiveServices.unique("commit-after-outage");
        LiveServices.createTopics(Map.of(topic, 1));
        KafkaCommittable reached = precommittedTransaction(topic, topic + "-0-1", "one");
        KafkaCommittable lost = precommittedTransaction(topic, topic + "-0-2", "two");

        LiveServices.stop("kafka");
        KafkaCommitter restoredCommitter = committer(topic, 0);
        try (OutageTolerantKafkaSink.FailingOverCommitter committer = new OutageTolerantKafkaSink.FailingOverCommitter(restoredCommitter)) {
            RecordingCommitRequest first = new RecordingCommitRequest(reached);
            assertThatThrownBy(() -> committer.commit(List.of(first, new RecordingCommitRequest(lost))))
                    .as("the commit times out while the broker is away, and fails over").isInstanceOf(IllegalStateException.class);
            assertThat(first.signals).containsExactly("failed unknown");
            try (KafkaCommitter closedWhileAway = committer(topic + "-lost", 0)) {
                assertThat(commitOnce(closedWhileAway, lost).signals).containsExactly("retry"); // its request dies with it
            }

            // What Flink did before: retry at once with the same producer, while the broker comes back.
            CompletableFuture<RecordingCommitRequest> retried = CompletableFuture.supplyAsync(() -> commitOnce(restoredCommitter, reached));
            LiveServices.start("kafka");
            assertThat(retried.join().signals).containsExactly("retry");
            JobRunner.await("the broker took the first commit request", Duration.ofSeconds(60),
                    () -> values(topic).contains("one"));
            assertThat(values(topic)).as("the closed producer's request went with it").doesNotContain("two");
            assertThat(commitOnce(restoredCommitter, reached).signals)
                    .as("a retry with the same producer, after the broker took the first request").containsExactly("retry");
        } finally {
            LiveServices.start("kafka"); // if a step above failed before it
        }

        try (OutageTolerantKafkaSink.FailingOverCommitter afterFailOver = new OutageTolerantKafkaSink.FailingOverCommitter(committer(topic, 1))) {
            RecordingCommitRequest again = new RecordingCommitRequest(reached);
            RecordingCommitRequest anew = new RecordingCommitRequest(lost);
            afterFailOver.commit(List.of(again, anew));
            assertThat(again.signals).as("committed already, so fenced or accepted again").isSubsetOf("failed known");
            assertThat(anew.signals).as("committed by the new producer").isEmpty();
        }
        assertThat(values(topic)).containsExactlyInAnyOrder("one", "two");
    }

    private static List<String> values(String topic) {
        return TopicReader.readCommitted(topic).stream().map(record -> new String(record.value(), UTF_8)).toList();
    }

    /** A transaction with one record, pre-committed as the sink's writer leaves it at a checkpoint; its producer then dies. */
    private static KafkaCommittable precommittedTransaction(String topic, String transactionalId, String value) throws Exception {
        try (FlinkKafkaInternalProducer<byte[], byte[]> writer = new FlinkKafkaInternalProducer<>(producerProperties(), transactionalId)) {
            writer.initTransactions();
            writer.beginTransaction();
            writer.send(new ProducerRecord<>(topic, value.getBytes(UTF_8))).get();
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
