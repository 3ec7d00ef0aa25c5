package io.playpulse.detect;

import io.playpulse.events.GameEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes a player's action to a {@link DenseStretch}'s output only once it lies in a stretch of at
 * most its window (first to last) holding at least its count of the events it counts: the only
 * events a pattern of "count events within window" can match. Most players never come near such a
 * stretch, so CEP, which keeps and walks every event it is given, sees almost none of theirs. One
 * gate serves every counting pattern: a player's actions are kept once, as their pattern fields
 * ({@link Action}), in one value with one clean-up timer, and looked up once per action.
 *
 * <p>Why CEP finds exactly the same matches behind it: a match's events lie in such a stretch, so
 * they all pass; a partial match CEP starts at an event that passes takes the next events it is
 * given, which are the same as without the gate when the match completes, and later ones (so no
 * match) when it does not. The events of one timestamp pass together, in the order they came, as
 * CEP's choice among them can depend on that order. A window longer than the pattern's only lets
 * more through.
 *
 * <p>An event passes when its stretch is complete, up to the window of event time after the event
 * itself. So each passes with its own timestamp, behind a watermark held back by the shortest
 * window; a stretch with a longer window needs its output held back by the difference ({@link
 * #extraHold}), so that CEP takes none of its events for late. The input is the on-time events
 * behind the lateness hold, so an event older than the input watermark minus the longest window can
 * join no stretch with a later one, and is forgotten. An operator, not a process function, to set
 * each record's timestamp and the watermark.
 */
public class DenseStretchGate extends AbstractStreamOperator<GameEvent>
        implements OneInputStreamOperator<GameEvent, GameEvent>, Triggerable<Long, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    /** The width of the clean-up grid, in longest windows: an idle player's actions are kept up to this long. */
    static final int FORGET_GRID_WINDOWS = 5;
    /** The State Processor API writes timers to this service only: so a migrated savepoint's clean-ups fire. */
    static final String FORGET_TIMERS = "user-timers";

    private final DenseStretch[] stretches;
    private final long longestMs;
    private final long shortestMs;

    private transient ValueState<RecentActions> recent;
    private transient InternalTimerService<VoidNamespace> forgetTimers;
    /** The indices of the actions a stretch around the new one can count: reused from action to action. */
    private transient int[] counted;

    public DenseStretchGate(List<DenseStretch> stretches) {
        if (stretches.isEmpty() || stretches.size() > Byte.SIZE) {
            throw new IllegalArgumentException("one to eight stretches, one bit each: " + stretches.size());
        }
        this.stretches = stretches.toArray(new DenseStretch[0]);
        this.longestMs = stretches.stream().mapToLong(s -> s.windowMs).max().orElseThrow();
        this.shortestMs = stretches.stream().mapToLong(s -> s.windowMs).min().orElseThrow();
    }

    public static ValueStateDescriptor<RecentActions> recentDescriptor() {
        return new ValueStateDescriptor<>("recent-actions", RecentActionsSerializer.INSTANCE);
    }

    /** How much longer than the gate's own output the watermark of {@code stretch}'s output must be held back. */
    public Duration extraHold(DenseStretch stretch) {
        return Duration.ofMillis(stretch.windowMs - shortestMs);
    }

    @Override
    public void open() throws Exception {
        super.open();
        recent = getPartitionedState(recentDescriptor());
        forgetTimers = getInternalTimerService(FORGET_TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        counted = new int[16];
    }

    @Override
    public void processElement(StreamRecord<GameEvent> element) throws Exception {
        Action a = Action.of(element.getValue());
        int countedBy = 0;
        for (int k = 0; k < stretches.length; k++) {
            countedBy |= stretches[k].counts(a) ? 1 << k : 0;
        }
        if (countedBy == 0) {
            return;
        }
        RecentActions r = recent.value();
        if (r == null) {
            r = new RecentActions();
        }
        long watermark = forgetTimers.currentWatermark();
        // Forgets in batches, a window's worth at a time, not an action at a time.
        if (watermark != Long.MIN_VALUE && r.count > 0 && r.actions[0].timestampMs < watermark - 2 * longestMs) {
            r.forgetBefore(watermark - longestMs);
        }
        long forgetWasAt = forgetAt(r);
        int at = r.insert(a);
        for (int k = 0; k < stretches.length; k++) {
            if ((countedBy & 1 << k) != 0) {
                passDenseStretchesAround(r, at, k);
            }
        }
        recent.update(r);
        long forgetNowAt = forgetAt(r);
        if (forgetNowAt != forgetWasAt) {
            forgetTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, forgetNowAt);
        }
    }

    /**
     * When the actions held can all be forgotten, on a grid {@link #FORGET_GRID_WINDOWS} longest windows
     * wide: a player's clean-up timer moves once per grid step, not with every window it acts in
     * (registering it was a fifth of the gates' time); an active player's actions are forgotten in
     * batches anyway.
     */
    public long forgetAt(RecentActions r) {
        if (r.count == 0) {
            return Long.MIN_VALUE;
        }
        long grid = FORGET_GRID_WINDOWS * longestMs;
        return (Math.floorDiv(r.actions[r.count - 1].timestampMs + longestMs, grid) + 1) * grid;
    }

    /**
     * Passes to stretch {@code k} every action it counts, not passed to it yet, of each stretch that
     * holds its count of actions and the one at {@code at}. A stretch with as many actions starts at
     * an action, so trying each start from the window before the action up to the action itself finds
     * them all.
     */
    private void passDenseStretchesAround(RecentActions r, int at, int k) throws Exception {
        DenseStretch stretch = stretches[k];
        Action[] actions = r.actions;
        long ts = actions[at].timestampMs;
        Object own = stretch.group == null ? null : stretch.group.apply(actions[at]);
        int from = at;
        while (from > 0 && actions[from - 1].timestampMs >= ts - stretch.windowMs) {
            from--;
        }
        int n = 0;
        int self = 0;
        for (int i = from; i < r.count && actions[i].timestampMs <= ts + stretch.windowMs; i++) {
            if (i == at || stretch.counts(actions[i])
                    && (stretch.group == null || Objects.equals(own, stretch.group.apply(actions[i])))) {
                if (n == counted.length) {
                    counted = Arrays.copyOf(counted, 2 * n);
                }
                if (i == at) {
                    self = n;
                }
                counted[n++] = i;
            }
        }
        int end = self;
        // A later start's stretch ends no earlier: only its actions past the last stretch passed are new.
        int passedTo = -1;
        for (int start = 0; start <= self; start++) {
            long last = actions[counted[start]].timestampMs + stretch.windowMs;
            while (end + 1 < n && actions[counted[end + 1]].timestampMs <= last) {
                end++;
            }
            if (end - start + 1 >= stretch.count) {
                for (int c = Math.max(start, passedTo + 1); c <= end; c++) {
                    passWithItsTimestamp(r, counted[c], k);
                }
                passedTo = end;
            }
        }
    }

    /**
     * Passes the action at {@code i} to stretch {@code k} with every action of its timestamp the stretch
     * counts and was not given yet, in the order they came: CEP takes the events of one timestamp in the
     * order it is given them, and which match it finds can depend on it, so a group must not reorder them.
     */
    private void passWithItsTimestamp(RecentActions r, int i, int k) throws Exception {
        if (r.passedTo(i, k)) {
            return;
        }
        DenseStretch stretch = stretches[k];
        Action[] actions = r.actions;
        long ts = actions[i].timestampMs;
        int first = i;
        while (first > 0 && actions[first - 1].timestampMs == ts) {
            first--;
        }
        for (int j = first; j < r.count && actions[j].timestampMs == ts; j++) {
            if (!r.passedTo(j, k) && stretch.counts(actions[j])) {
                r.markPassedTo(j, k);
                output.collect(stretch.output(), new StreamRecord<>(actions[j].toEvent(), ts));
            }
        }
    }

    @Override
    public void onEventTime(InternalTimer<Long, VoidNamespace> timer) throws Exception {
        RecentActions r = recent.value();
        if (r == null) {
            return;
        }
        r.forgetBefore(forgetTimers.currentWatermark() - longestMs);
        if (r.count == 0) {
            recent.clear();
        } else {
            recent.update(r);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<Long, VoidNamespace> timer) {}

    /** Fires the clean-ups at the watermark, and sends it on held back by the shortest window. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        getTimeServiceManager().orElseThrow().advanceWatermark(mark);
        long ts = mark.getTimestamp();
        output.emitWatermark(ts == Long.MAX_VALUE || ts == Long.MIN_VALUE ? mark : new Watermark(ts - shortestMs));
    }
}
