package io.playpulse.kpi;

import io.playpulse.player.ActivityFact;

/**
 * A KPI table row. Facts are added to partial rows before the shuffle ({@link PreAggregate}); the
 * window merges the partials of its key and stamps its start.
 */
public abstract class KpiRow {
    public long windowStartMs;

    /** Adds one fact that belongs to this row's window and key. */
    public abstract void add(ActivityFact fact);

    /** Adds a partial row of the same window and key: as if its facts had been added here. */
    public abstract void merge(KpiRow partial);
}
