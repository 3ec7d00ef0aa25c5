package io.playpulse.kpi;

/** A KPI table row built in a window: facts are added to it, the window stamps its start. */
public abstract class KpiRow {
    public long windowStartMs;

    /** Adds one fact that belongs to this row's window and key. */
    public abstract void add(ActivityFact fact);
}
