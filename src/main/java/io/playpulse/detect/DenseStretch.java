package io.playpulse.detect;

import io.playpulse.events.GameEvent;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * What a counting pattern "{@code count} events within {@code window}" needs to see of a player's
 * actions: the actions it {@code counts}, of one {@code group} when given (the skill, for "the same
 * skill N times"). {@link DenseStretchGate} passes the events of such stretches to {@link #output}.
 */
public final class DenseStretch implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String rule;
    private final FilterFunction<Action> filter;
    final int count;
    final long windowMs;
    /** The actions a stretch counts together; null: all it counts. */
    final SerializableFunction<Action, ?> group;
    private final OutputTag<GameEvent> output;

    private DenseStretch(String rule, FilterFunction<Action> filter, int count, Duration window,
            SerializableFunction<Action, ?> group) {
        this.rule = rule;
        this.filter = filter;
        this.count = count;
        this.windowMs = window.toMillis();
        this.group = group;
        this.output = new OutputTag<>("dense-" + rule, TypeInformation.of(GameEvent.class));
    }

    public static DenseStretch of(String rule, FilterFunction<Action> counts, int count, Duration window) {
        return new DenseStretch(rule, counts, count, window, null);
    }

    /** The same stretch, counting only the actions of the new action's group. */
    public DenseStretch groupedBy(SerializableFunction<Action, ?> by) {
        return new DenseStretch(rule, filter, count, Duration.ofMillis(windowMs), by);
    }

    /** The stretch counts the action. */
    public boolean counts(Action a) throws Exception {
        return filter.filter(a);
    }

    public String rule() {
        return rule;
    }

    public OutputTag<GameEvent> output() {
        return output;
    }
}
