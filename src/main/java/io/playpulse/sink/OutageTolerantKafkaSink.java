package io.playpulse.sink;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's exactly-once {@link KafkaSink}, unchanged but for two things a broker outage past
 * kafka.producer-max-block ran into: closing a writer no longer takes the TaskManager down, and a
 * commit that timed out fails over at once instead of being retried in vain.
 *
 * <p>A failing task closes its writer, which aborts the open transaction and waits up to
 * kafka.producer-max-block for the broker. Flink treats an exception from that clean-up as fatal to
 * the whole TaskManager ("FATAL - exception in exception handler of task"), so a broker outage past
 * that limit killed the TaskManager, not only the task. The abort is not needed for exactly-once:
 * the restored writer aborts the lingering transaction, and the broker does after
 * kafka.transaction-timeout. So a close that failed only for broker timeouts is logged, not
 * thrown; any other failure, also one suppressed behind a timeout, still is. The writer's state,
 * committables and topology are the KafkaSink's own, so savepoints carry over.
 *
 * <p>A restarted job commits the transactions of the checkpoint it restored with one producer of
 * the committer's own, which takes up each transaction in turn. If the broker is away, the commit
 * times out and the committer asks for a retry; Flink retries at once, up to
 * sink.committer.retries (10) times, with that producer. It still holds its first commit request
 * (EndTxn), so each retry waits for that request's result, which never comes: once the broker
 * answers it, the producer has been put back into the transaction for the retry and the Kafka
 * client refuses the answer ("Invalid transition attempted from state IN_TRANSACTION to state
 * READY"). So the task waited kafka.producer-max-block in vain, ten times per transaction, before
 * it failed. {@link FailingOverCommitter} fails over at the first such timeout instead, and the
 * next restore commits again with a new producer. (After a checkpoint, in the normal course, the
 * writer's own producer commits, and a retry of it fails at once; there the change only replaces
 * the connector's "data has been potentially lost" with the reason.)
 */
final class OutageTolerantKafkaSink<IN>
        implements TwoPhaseCommittingStatefulSink<IN, KafkaWriterState, KafkaCommittable>,
                SupportsPostCommitTopology<KafkaCommittable>, LineageVertexProvider {
    private static final long serialVersionUID = 1L;

    private final KafkaSink<IN> sink;

    OutageTolerantKafkaSink(KafkaSink<IN> sink) {
        this.sink = sink;
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> createWriter(WriterInitContext context)
            throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> restoreWriter(
            WriterInitContext context, Collection<KafkaWriterState> recoveredState) {
        return new Writer<>(sink.restoreWriter(context, recoveredState));
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) {
        return new FailingOverCommitter(sink.createCommitter(context));
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        sink.addPostCommitTopology(committables);
    }

    @Override
    public LineageVertex getLineageVertex() {
        return sink.getLineageVertex();
    }

    /** The KafkaSink's writer, closed without letting a broker timeout escape. */
    static final class Writer<IN> implements PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> {
        private static final Logger LOG = LoggerFactory.getLogger(OutageTolerantKafkaSink.class);

        private final PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> writer;

        Writer(PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> writer) {
            this.writer = writer;
        }

        @Override
        public void write(IN element, Context context) throws IOException, InterruptedException {
            writer.write(element, context);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            writer.writeWatermark(watermark);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        @Override
        public void close() throws Exception {
            try {
                writer.close();
            } catch (Exception e) {
                if (!onlyBrokerTimeouts(e)) {
                    throw e;
                }
                LOG.warn("Closing the Kafka writer timed out while the broker is away (its open transaction is "
                        + "aborted when the writer is restored, or by the broker after kafka.transaction-timeout)", e);
            }
        }

        /** The close failed for a broker timeout and nothing else: the writer closes all its parts and keeps every failure. */
        private static boolean onlyBrokerTimeouts(Throwable e) {
            return ExceptionUtils.findThrowable(e, TimeoutException.class).isPresent()
                    && Arrays.stream(e.getSuppressed()).allMatch(Writer::onlyBrokerTimeouts);
        }
    }

    /** The KafkaSink's committer, failing over where it would retry a commit with the same producer. */
    static final class FailingOverCommitter implements Committer<KafkaCommittable> {
        private final Committer<KafkaCommittable> committer;

        FailingOverCommitter(Committer<KafkaCommittable> committer) {
            this.committer = committer;
        }

        /** One request at a time (the KafkaSink's committer keeps nothing between them), so that the first retry stops it. */
        @Override
        public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
            for (CommitRequest<KafkaCommittable> request : requests) {
                NoRetry watched = new NoRetry(request);
                committer.commit(List.of(watched));
                if (watched.retryAsked) {
                    IOException failure = new IOException("Committing Kafka transaction "
                            + request.getCommittable().getTransactionalId() + " failed with a retriable error (logged"
                            + " above by KafkaCommitter); a retry with the same producer cannot succeed, so the job"
                            + " fails over and commits it again from the checkpoint with a new producer");
                    request.signalFailedWithUnknownReason(failure); // Flink's request throws here; the API does not say it must
                    throw failure;
                }
            }
        }

        @Override
        public void close() throws Exception {
            committer.close();
        }
    }

    /** A commit request that notes a retry, to fail over in its place, and passes every other signal on. */
    private static final class NoRetry implements Committer.CommitRequest<KafkaCommittable> {
        private final Committer.CommitRequest<KafkaCommittable> request;
        private boolean retryAsked;

        NoRetry(Committer.CommitRequest<KafkaCommittable> request) {
            this.request = request;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return request.getCommittable();
        }

        @Override
        public int getNumberOfRetries() {
            return request.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            request.signalFailedWithKnownReason(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            request.signalFailedWithUnknownReason(t);
        }

        @Override
        public void retryLater() {
            retryAsked = true;
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable committable) {
            retryAsked = true; // the update goes too: the restored committer starts from the checkpoint's committable
        }

        @Override
        public void signalAlreadyCommitted() {
            request.signalAlreadyCommitted();
        }

        /** The KafkaSink's committer names the request in its log lines. */
        @Override
        public String toString() {
            return request.toString();
        }
    }
}
