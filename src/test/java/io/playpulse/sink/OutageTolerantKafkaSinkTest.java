package io.playpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class OutageTolerantKafkaSinkTest {
    /** Flink builds a sink's topology (writer, committer, post-commit) from the interfaces it implements. */
    @Test
    void flinkSeesTheSameKindOfSinkAsTheKafkaSink() {
        assertThat(interfaces(OutageTolerantKafkaSink.class)).containsAll(interfaces(KafkaSink.class));
    }

    @Test
    void aBrokerTimeoutWhileClosingIsLoggedNotThrown() throws Exception {
        ClosingWriter timingOut = new ClosingWriter(new TimeoutException("Timeout expired after 10000ms while awaiting EndTxn(false)"));
        new OutageTolerantKafkaSink.Writer<>(timingOut).close();
        assertThat(timingOut.closed).isTrue();

        ClosingWriter wrapped = new ClosingWriter(new FlinkRuntimeException("abort failed", new TimeoutException("EndTxn")));
        new OutageTolerantKafkaSink.Writer<>(wrapped).close();
        assertThat(wrapped.closed).isTrue();
    }

    @Test
    void anyOtherFailureWhileClosingStillFailsTheTask() {
        IllegalStateException failure = new IllegalStateException("a record was not acknowledged");
        assertThatThrownBy(() -> new OutageTolerantKafkaSink.Writer<>(new ClosingWriter(failure)).close()).isSameAs(failure);

        TimeoutException timeout = new TimeoutException("Timeout expired after 10000ms while awaiting EndTxn(false)");
        timeout.addSuppressed(new IllegalStateException("a record was not acknowledged"));
        assertThatThrownBy(() -> new OutageTolerantKafkaSink.Writer<>(new ClosingWriter(timeout)).close())
                .as("a failure suppressed behind a timeout").isSameAs(timeout);
    }

    @Test
    void everythingElseGoesToTheKafkaSinksWriter() throws Exception {
        ClosingWriter writer = new ClosingWriter(null);
        OutageTolerantKafkaSink.Writer<String> tolerant = new OutageTolerantKafkaSink.Writer<>(writer);
        tolerant.write("a", null);
        tolerant.writeWatermark(new Watermark(5));
        tolerant.flush(false);
        assertThat(tolerant.snapshotState(7)).isSameAs(writer.state);
        assertThat(tolerant.prepareCommit()).isSameAs(writer.committables);
        tolerant.close();
        assertThat(writer.calls).containsExactly("write a", "watermark 5", "flush false", "snapshot 7", "prepareCommit", "close");
    }

    @Test
    void aCommitThatWouldBeRetriedFailsOverAtTheFirstRetry() {
        RecordingCommitRequest committed = new RecordingCommitRequest("playpulse-alerts-0-6");
        RecordingCommitRequest timedOut = new RecordingCommitRequest("playpulse-alerts-0-7");
        RecordingCommitRequest next = new RecordingCommitRequest("playpulse-alerts-0-8");
        InnerCommitter inner = new InnerCommitter(request -> {
            if (request.getCommittable().getTransactionalId().endsWith("-7")) {
                request.retryLater(); // what KafkaCommitter does on a broker timeout
            }
        });

        assertThatThrownBy(() -> new OutageTolerantKafkaSink.FailingOverCommitter(inner).commit(List.of(committed, timedOut, next)))
                .isInstanceOf(IllegalStateException.class) // what Flink's request throws: the task fails over
                .cause().hasMessageContaining("playpulse-alerts-0-7").hasMessageContaining("fails over");
        assertThat(inner.seen).as("no transaction tried after the one that timed out")
                .containsExactly("playpulse-alerts-0-6", "playpulse-alerts-0-7");
        assertThat(timedOut.signals).containsExactly("failed unknown");
        assertThat(committed.signals).isEmpty();
        assertThat(next.signals).isEmpty();
    }

    @Test
    void anUpdatedCommittableToBeRetriedFailsOverToo() {
        RecordingCommitRequest request = new RecordingCommitRequest("playpulse-dlq-1-3");
        InnerCommitter inner = new InnerCommitter(r -> r.updateAndRetryLater(new KafkaCommittable(1L, (short) 1, "playpulse-dlq-1-3", null)));

        assertThatThrownBy(() -> new OutageTolerantKafkaSink.FailingOverCommitter(inner).commit(List.of(request)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(request.signals).containsExactly("failed unknown");
    }

    @Test
    void theCommitFailsEvenIfFlinksRequestDoesNotThrowOnTheFailure() {
        RecordingCommitRequest request = new RecordingCommitRequest("playpulse-alerts-1-9");
        request.throwsOnUnknownFailure = false;

        assertThatThrownBy(() -> new OutageTolerantKafkaSink.FailingOverCommitter(new InnerCommitter(r -> r.retryLater()))
                        .commit(List.of(request)))
                .isInstanceOf(IOException.class).hasMessageContaining("playpulse-alerts-1-9");
        assertThat(request.signals).containsExactly("failed unknown");
    }

    @Test
    void everyOtherOutcomeOfACommitGoesToFlinkAsItIs() throws Exception {
        RecordingCommitRequest fenced = new RecordingCommitRequest("a");
        RecordingCommitRequest already = new RecordingCommitRequest("b");
        RecordingCommitRequest plain = new RecordingCommitRequest("c");
        List<String> named = new ArrayList<>();
        InnerCommitter inner = new InnerCommitter(request -> {
            named.add(request + " after " + request.getNumberOfRetries() + " retries");
            switch (request.getCommittable().getTransactionalId()) {
                case "a" -> request.signalFailedWithKnownReason(new IllegalStateException("fenced"));
                case "b" -> request.signalAlreadyCommitted();
                default -> { } // committed
            }
        });
        OutageTolerantKafkaSink.FailingOverCommitter committer = new OutageTolerantKafkaSink.FailingOverCommitter(inner);

        committer.commit(List.of(fenced, already, plain));
        committer.close();

        assertThat(named).as("the connector's log lines name Flink's request")
                .containsExactly("request a after 2 retries", "request b after 2 retries", "request c after 2 retries");
        assertThat(fenced.signals).containsExactly("failed known");
        assertThat(already.signals).containsExactly("already committed");
        assertThat(plain.signals).isEmpty();
        assertThat(inner.closed).isTrue();
    }

    private static Set<Class<?>> interfaces(Class<?> type) {
        Set<Class<?>> all = new HashSet<>();
        List<Class<?>> pending = new ArrayList<>(List.of(type.getInterfaces()));
        while (!pending.isEmpty()) {
            Class<?> next = pending.remove(pending.size() - 1);
            if (all.add(next)) {
                pending.addAll(List.of(next.getInterfaces()));
            }
        }
        return all;
    }

    /** The KafkaSink's committer as the wrapper sees it: does to each request what it is told, and records the ids. */
    private static final class InnerCommitter implements Committer<KafkaCommittable> {
        final Consumer<Committer.CommitRequest<KafkaCommittable>> outcome;
        final List<String> seen = new ArrayList<>();
        boolean closed;

        InnerCommitter(Consumer<Committer.CommitRequest<KafkaCommittable>> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {
            for (CommitRequest<KafkaCommittable> request : requests) {
                seen.add(request.getCommittable().getTransactionalId());
                outcome.accept(request);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** The KafkaSink's writer as the wrapper sees it: records the calls, and fails its close as told. */
    private static final class ClosingWriter implements PrecommittingStatefulSinkWriter<String, KafkaWriterState, KafkaCommittable> {
        final Exception onClose;
        final List<String> calls = new ArrayList<>();
        final List<KafkaWriterState> state = new ArrayList<>();
        final Collection<KafkaCommittable> committables = new ArrayList<>();
        boolean closed;

        ClosingWriter(Exception onClose) {
            this.onClose = onClose;
        }

        @Override
        public void write(String element, Context context) {
            calls.add("write " + element);
        }

        @Override
        public void writeWatermark(Watermark watermark) {
            calls.add("watermark " + watermark.getTimestamp());
        }

        @Override
        public void flush(boolean endOfInput) {
            calls.add("flush " + endOfInput);
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) {
            calls.add("snapshot " + checkpointId);
            return state;
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit() {
            calls.add("prepareCommit");
            return committables;
        }

        @Override
        public void close() throws Exception {
            calls.add("close");
            closed = true;
            if (onClose != null) {
                throw onClose;
            }
        }
    }
}
