package io.playpulse.detect;

import io.playpulse.events.GameEvent;
import java.time.Duration;
import java.util.Arrays;
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
import org.apache.flink.util.function.SerializableFunction;

/**
 * Passes on a player's event only once it lies in a stretch of at most {@code window} (first to
 * last) holding at least {@code count} of the player's events: the only events a pattern of
 * "{@code count} events within {@code window}" can match. Most players never come near such a
 * stretch, so CEP, which keeps and walks every event it is given, sees almost none of theirs. Given
 * a {@code group} (the skill, for "the same skill N times"), a stretch counts only the events of
 * the group of the event it is built around, as every event of such a pattern's match shares it.
 *
 * <p>Why CEP finds exactly the same matches behind it: a match's events lie in such a stretch, so
 * they all pass; a partial match CEP starts at an event that passes takes the next events it is
 * given, which are the same as without the gate when the match completes, and later ones (so no
 * match) when it does not. The events of one timestamp pass together, in the order they came, as
 * CEP's choice among them can depend on that order. A window longer than the pattern's only lets
 * more through.
 *
 * <p>An event passes when its stretch is complete, up to {@code window} of event time after the
 * event itself. So each passes with its own timestamp, behind a watermark held back by the window,
 * and CEP takes none for late. The input is the on-time events behind the lateness hold, so an
 * event older than the input watermark minus the window can join no stretch with a later one, and
 * is forgotten. An operator, not a process function, to set each record's timestamp and the
 * watermark.
 */
public class DenseWindowGate extends AbstractStreamOperator<GameEvent>
        implements OneInputStreamOperator<GameEvent, GameEvent>, Triggerable<Long, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    /** The width of the clean-up grid, in windows: an idle player's events are kept up to this long. */
    static final int FORGET_GRID_WINDOWS = 5;

    private final int count;
    private final long windowMs;
    /** The events a stretch counts together; null: all of them. */
    private final SerializableFunction<GameEvent, ?> group;

    private transient ValueState<RecentEvents> recent;
    private transient InternalTimerService<VoidNamespace> forgetTimers;
    /** The indices of the events a stretch around the new one can count: reused from event to event. */
    private transient int[] counted;

    public DenseWindowGate(int count, Duration window) {
        this(count, window, null);
    }

    public DenseWindowGate(int count, Duration window, SerializableFunction<GameEvent, ?> group) {
        this.count = count;
        this.windowMs = window.toMillis();
        this.group = group;
    }

    @Override
    public void open() throws Exception {
        super.open();
        recent = getPartitionedState(new ValueStateDescriptor<>("recent", RecentEventsSerializer.INSTANCE));
        forgetTimers = getInternalTimerService("forget", VoidNamespaceSerializer.INSTANCE, this);
        counted = new int[16];
    }

    @Override
    public void processElement(StreamRecord<GameEvent> element) throws Exception {
        RecentEvents r = recent.value();
        if (r == null) {
            r = new RecentEvents();
        }
        long watermark = forgetTimers.currentWatermark();
        // Forgets in batches, a window's worth at a time, not an event at a time.
        if (watermark != Long.MIN_VALUE && r.events.length > 0 && r.events[0].timestampMs < watermark - 2 * windowMs) {
            r.forgetBefore(watermark - windowMs);
        }
        long forgetWasAt = forgetAt(r);
        int at = r.insert(element.getValue());
        passDenseStretchesAround(r, at);
        recent.update(r);
        long forgetNowAt = forgetAt(r);
        if (forgetNowAt != forgetWasAt) {
            forgetTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, forgetNowAt);
        }
    }

    /**
     * When the events held can all be forgotten, on a grid {@link #FORGET_GRID_WINDOWS} windows wide:
     * a player's clean-up timer moves once per grid step, not with every window it acts in (registering
     * it was a fifth of the gates' time); an active player's events are forgotten in batches anyway.
     */
    private long forgetAt(RecentEvents r) {
        if (r.events.length == 0) {
            return Long.MIN_VALUE;
        }
        long grid = FORGET_GRID_WINDOWS * windowMs;
        return (Math.floorDiv(r.events[r.events.length - 1].timestampMs + windowMs, grid) + 1) * grid;
    }

    /**
     * Passes every event, not passed yet, of each stretch that holds {@code count} events and the one
     * at {@code at}. A stretch with as many events starts at an event, so trying each start from the
     * window before the event up to the event itself finds them all.
     */
    private void passDenseStretchesAround(RecentEvents r, int at) {
        GameEvent[] events = r.events;
        long ts = events[at].timestampMs;
        Object own = group == null ? null : group.apply(events[at]);
        int from = at;
        while (from > 0 && events[from - 1].timestampMs >= ts - windowMs) {
            from--;
        }
        int n = 0;
        int self = 0;
        for (int i = from; i < events.length && events[i].timestampMs <= ts + windowMs; i++) {
            if (i == at || group == null || Objects.equals(own, group.apply(events[i]))) {
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
        // A later start's stretch ends no earlier: only its events past the last stretch passed are new.
        int passedTo = -1;
        for (int start = 0; start <= self; start++) {
            long last = events[counted[start]].timestampMs + windowMs;
            while (end + 1 < n && events[counted[end + 1]].timestampMs <= last) {
                end++;
            }
            if (end - start + 1 >= count) {
                for (int k = Math.max(start, passedTo + 1); k <= end; k++) {
                    passWithItsTimestamp(r, counted[k]);
                }
                passedTo = end;
            }
        }
    }

    /**
     * Passes the event at {@code i} with every event of its timestamp not passed yet, in the order they
     * came: CEP takes the events of one timestamp in the order it is given them, and which match it
     * finds can depend on it, so a group must not reorder them.
     */
    private void passWithItsTimestamp(RecentEvents r, int i) {
        if (r.passed[i]) {
            return;
        }
        GameEvent[] events = r.events;
        long ts = events[i].timestampMs;
        int first = i;
        while (first > 0 && events[first - 1].timestampMs == ts) {
            first--;
        }
        for (int j = first; j < events.length && events[j].timestampMs == ts; j++) {
            if (!r.passed[j]) {
                r.passed[j] = true;
                output.collect(new StreamRecord<>(events[j], ts));
            }
        }
    }

    @Override
    public void onEventTime(InternalTimer<Long, VoidNamespace> timer) throws Exception {
        RecentEvents r = recent.value();
        if (r == null) {
            return;
        }
        r.forgetBefore(forgetTimers.currentWatermark() - windowMs);
        if (r.events.length == 0) {
            recent.clear();
        } else {
            recent.update(r);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<Long, VoidNamespace> timer) {}

    /** Fires the clean-ups at the watermark, and sends it on held back by the window. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        getTimeServiceManager().orElseThrow().advanceWatermark(mark);
        long ts = mark.getTimestamp();
        output.emitWatermark(ts == Long.MAX_VALUE || ts == Long.MIN_VALUE ? mark : new Watermark(ts - windowMs));
    }

    /**
     * A player's recent events by timestamp (in arrival order within one), and which were passed on.
     * Written by {@link RecentEventsSerializer}; still a Flink POJO, as savepoints of earlier builds hold it.
     */
    public static class RecentEvents {
        public GameEvent[] events = new GameEvent[0];
        public boolean[] passed = new boolean[0];

        public RecentEvents() {}

        /** Inserts after every event of the same or an earlier timestamp; returns its index. */
        int insert(GameEvent e) {
            int at = events.length;
            while (at > 0 && events[at - 1].timestampMs > e.timestampMs) {
                at--;
            }
            GameEvent[] grown = new GameEvent[events.length + 1];
            boolean[] grownPassed = new boolean[events.length + 1];
            System.arraycopy(events, 0, grown, 0, at);
            System.arraycopy(passed, 0, grownPassed, 0, at);
            grown[at] = e;
            System.arraycopy(events, at, grown, at + 1, events.length - at);
            System.arraycopy(passed, at, grownPassed, at + 1, events.length - at);
            events = grown;
            passed = grownPassed;
            return at;
        }

        /** Drops the events older than {@code ts}. */
        void forgetBefore(long ts) {
            int keep = 0;
            while (keep < events.length && events[keep].timestampMs < ts) {
                keep++;
            }
            if (keep > 0) {
                events = Arrays.copyOfRange(events, keep, events.length);
                passed = Arrays.copyOfRange(passed, keep, passed.length);
            }
        }
    }
}
