package io.playpulse.kpi;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.function.SerializableSupplier;

/** Merges a window's partial rows (keyed by the window's key) into its row: the accumulator is the row itself. */
public class MergePartials<R extends KpiRow> implements AggregateFunction<Tuple2<String, R>, R, R> {
    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<R> newRow;

    public MergePartials(SerializableSupplier<R> newRow) {
        this.newRow = newRow;
    }

    @Override
    public R createAccumulator() {
        return newRow.get();
    }

    @Override
    public R add(Tuple2<String, R> partial, R row) {
        row.merge(partial.f1);
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
