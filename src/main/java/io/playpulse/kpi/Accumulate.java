package io.playpulse.kpi;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.util.function.SerializableSupplier;

/** Aggregates a window's facts into its row: the accumulator is the row itself. */
public class Accumulate<R extends KpiRow> implements AggregateFunction<ActivityFact, R, R> {
    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<R> newRow;

    public Accumulate(SerializableSupplier<R> newRow) {
        this.newRow = newRow;
    }

    @Override
    public R createAccumulator() {
        return newRow.get();
    }

    @Override
    public R add(ActivityFact fact, R row) {
        row.add(fact);
        return row;
    }

    @Override
    public R getResult(R row) {
        return row;
    }

    @Override
    public R merge(R a, R b) {
        throw new UnsupportedOperationException("tumbling windows never merge");
    }
}
