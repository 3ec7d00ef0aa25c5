package io.playpulse.player;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A player's recent presence, as keyed state. A player is online at a minute's end when their
 * latest event before it is not a logout and came less than the idle timeout before it.
 *
 * <p>Only what can still change an answer is kept: the latest event of each minute back to the
 * lateness floor, the latest event before that, and the online marks sent for minutes a late
 * event could still correct. A Flink POJO (arrays, not lists, so it never falls back to Kryo).
 */
public class PresenceTimeline {
    public static final long MINUTE = 60_000L;

    /** The latest event before the retained minutes, or null. */
    public PresencePoint base;
    /** The latest event of each retained minute, ascending. */
    public PresencePoint[] minutes = new PresencePoint[0];
    /** Online marks sent, ascending by minute end. */
    public PresenceMark[] sent = new PresenceMark[0];
    /**
     * Minute ends at or before this are final: their marks were sent and forgotten, and their KPI
     * windows may be gone. Checkpointed, so a job restarted with no watermark yet never answers
     * them again.
     */
    public long settledEnd = Long.MIN_VALUE;

    public PresenceTimeline() {}

    public static long minuteEndOf(long ts) {
        return (Math.floorDiv(ts, MINUTE) + 1) * MINUTE;
    }

    /** Adds an event: it replaces its minute's latest if it is later. */
    public void record(PresencePoint p) {
        long minute = Math.floorDiv(p.ts, MINUTE);
        if (base != null && minute <= Math.floorDiv(base.ts, MINUTE)) {
            // In the folded past: it matters only if it is later than everything folded there.
            if (p.isAfter(base)) {
                base = p;
            }
            return;
        }
        List<PresencePoint> list = new ArrayList<>(Arrays.asList(minutes));
        int i = 0;
        while (i < list.size() && Math.floorDiv(list.get(i).ts, MINUTE) < minute) {
            i++;
        }
        if (i < list.size() && Math.floorDiv(list.get(i).ts, MINUTE) == minute) {
            if (p.isAfter(list.get(i))) {
                list.set(i, p);
            }
        } else {
            list.add(i, p);
        }
        minutes = list.toArray(new PresencePoint[0]);
    }

    /** The latest event strictly before {@code instant}, or null. */
    public PresencePoint latestBefore(long instant) {
        for (int i = minutes.length - 1; i >= 0; i--) {
            if (minutes[i].ts < instant) {
                return minutes[i];
            }
        }
        return base != null && base.ts < instant ? base : null;
    }

    public boolean isSettled(long minuteEnd) {
        return minuteEnd <= settledEnd;
    }

    /** Where the player is counted at {@code minuteEnd}, or null when offline. */
    public PresencePoint onlineAt(long minuteEnd, long idleTimeoutMs) {
        PresencePoint p = latestBefore(minuteEnd);
        return p != null && !p.logout && minuteEnd - p.ts < idleTimeoutMs ? p : null;
    }

    /** The latest event of all. */
    public PresencePoint latest() {
        return minutes.length > 0 ? minutes[minutes.length - 1] : base;
    }

    /** The earliest retained event. */
    public PresencePoint earliest() {
        return base != null ? base : minutes.length > 0 ? minutes[0] : null;
    }

    /** The first minute end after {@code fromExclusive} at which the player is online, or Long.MAX_VALUE. */
    public long nextOnlineEnd(long fromExclusive, long idleTimeoutMs) {
        PresencePoint last = latest();
        if (last == null) {
            return Long.MAX_VALUE;
        }
        long limit = last.ts + idleTimeoutMs;
        long from = Math.max(Math.max(fromExclusive, settledEnd), earliest().ts - MINUTE);
        for (long end = minuteEndOf(from); end < limit; end += MINUTE) {
            if (onlineAt(end, idleTimeoutMs) != null) {
                return end;
            }
        }
        return Long.MAX_VALUE;
    }

    public PresenceMark sentAt(long minuteEnd) {
        for (PresenceMark m : sent) {
            if (m.minuteEnd == minuteEnd) {
                return m;
            }
        }
        return null;
    }

    /** The latest minute end with an online mark sent, or Long.MIN_VALUE. */
    public long lastSentEnd() {
        return sent.length == 0 ? Long.MIN_VALUE : sent[sent.length - 1].minuteEnd;
    }

    /** Records the mark now standing for {@code minuteEnd}: where the player is counted, or null. */
    public void setSent(long minuteEnd, PresencePoint where) {
        List<PresenceMark> list = new ArrayList<>();
        for (PresenceMark m : sent) {
            if (m.minuteEnd != minuteEnd) {
                list.add(m);
            }
        }
        if (where != null) {
            list.add(new PresenceMark(minuteEnd, where));
            list.sort((a, b) -> Long.compare(a.minuteEnd, b.minuteEnd));
        }
        sent = list.toArray(new PresenceMark[0]);
    }

    /**
     * Forgets what no accepted event can change any more: minutes ending at or before {@code floor}
     * fold into {@link #base}; marks at or before it are final.
     */
    public void prune(long floor) {
        settledEnd = Math.max(settledEnd, floor);
        int keepFrom = 0;
        while (keepFrom < minutes.length && minuteEndOf(minutes[keepFrom].ts) <= floor) {
            if (minutes[keepFrom].isAfter(base)) {
                base = minutes[keepFrom];
            }
            keepFrom++;
        }
        if (keepFrom > 0) {
            minutes = Arrays.copyOfRange(minutes, keepFrom, minutes.length);
        }
        int marksFrom = 0;
        while (marksFrom < sent.length && sent[marksFrom].minuteEnd <= floor) {
            marksFrom++;
        }
        if (marksFrom > 0) {
            sent = Arrays.copyOfRange(sent, marksFrom, sent.length);
        }
    }
}
