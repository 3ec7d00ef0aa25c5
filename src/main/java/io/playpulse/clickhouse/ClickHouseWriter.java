package io.playpulse.clickhouse;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Encodes each element into the pending batch at once (so object reuse is safe) and sends the batch
 * when it is full, when the flush interval has passed since its first row, and before each
 * checkpoint barrier. Everything runs in the task thread: a timer only marks the batch due.
 */
final class ClickHouseWriter<T> implements SinkWriter<T> {
    private final ClickHouseTable<T> table;
    private final ClickHouseInserter inserter;
    private final int batchSize;
    private final long flushIntervalMs;
    private final ProcessingTimeService time;
    private final TsvRow batch = new TsvRow();
    private boolean timerArmed;

    ClickHouseWriter(ClickHouseTable<T> table, ClickHouseInserter inserter, int batchSize, Duration flushInterval,
            ProcessingTimeService time) {
        this.table = table;
        this.inserter = inserter;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushInterval.toMillis();
        this.time = time;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        table.encode(batch, element);
        if (batch.rows() >= batchSize) {
            send();
        } else if (!timerArmed) {
            timerArmed = true;
            time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMs, firedAt -> onFlushTimer());
        }
    }

    private void onFlushTimer() throws IOException, InterruptedException {
        timerArmed = false;
        send();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        send();
    }

    private void send() throws IOException, InterruptedException {
        if (batch.rows() == 0) {
            return;
        }
        inserter.insert(batch);
        batch.clear();
    }

    /** Unsent rows are not flushed here: close also runs on cancellation, and the last checkpoint's rows are sent. */
    @Override
    public void close() {}
}
