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
 * Flink's exactly-once {@link KafkaSink}, unchanged but for one thing: closing a writer while the
 * broker is away no longer takes the TaskManager down.
 *
 * <p>A failing task closes its writer, which aborts the open transaction and waits up to
 * kafka.producer-max-block for the broker. Flink treats an exception from that clean-up as fatal to
 * the whole TaskManager ("FATAL - exception in exception handler of task"), so a broker outage past
 * that limit killed the TaskManager, not only the task. The abort is not needed for exactly-once:
 * the restored writer aborts the lingering transaction, and the broker does after
 * kafka.transaction-timeout. So a close that failed only for broker timeouts is logged, not
 * thrown; any other failure, also one suppressed behind a timeout, still is. The writer's state,
 * committables and topology are the KafkaSink's own, so savepoints carry over.
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
        return sink.createCommitter(context);
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
}
