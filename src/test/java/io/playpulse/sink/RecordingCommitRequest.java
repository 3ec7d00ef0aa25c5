package io.playpulse.sink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;

/** A commit request as Flink hands it to a committer: records the signals, and throws on an unknown failure as Flink's does. */
final class RecordingCommitRequest implements Committer.CommitRequest<KafkaCommittable> {
    final KafkaCommittable committable;
    final List<String> signals = new ArrayList<>();
    boolean throwsOnUnknownFailure = true;

    RecordingCommitRequest(KafkaCommittable committable) {
        this.committable = committable;
    }

    RecordingCommitRequest(String transactionalId) {
        this(new KafkaCommittable(1L, (short) 0, transactionalId, null));
    }

    @Override
    public KafkaCommittable getCommittable() {
        return committable;
    }

    @Override
    public int getNumberOfRetries() {
        return 2;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
        signals.add("failed known");
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
        signals.add("failed unknown");
        if (throwsOnUnknownFailure) {
            throw new IllegalStateException("Failed to commit " + committable, t);
        }
    }

    @Override
    public void retryLater() {
        signals.add("retry");
    }

    @Override
    public void updateAndRetryLater(KafkaCommittable committable) {
        signals.add("update and retry");
    }

    @Override
    public void signalAlreadyCommitted() {
        signals.add("already committed");
    }

    @Override
    public String toString() {
        return "request " + committable.getTransactionalId();
    }
}
