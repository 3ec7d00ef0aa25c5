package io.playpulse.player;

import java.util.Arrays;

/**
 * A player's recent presence, as keyed state. A player is online at a minute's end when their
 * latest event before it is not a logout and came less than the idle timeout before it.
 *
 * <p>Only what can still change an answer is kept: the latest event of each minute back to the
 * lateness floor, the latest event before that, and the online marks sent for minutes a late
 * event could still correct. A Flink POJO (arrays, not lists, so it never falls back to Kryo).
 * Changed in place: the heap backend hands out a copy whose arrays are its own while a snapshot
 * holds the value ({@link PlayerStateSerializer#copy}).
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
        // Most events fall in the latest minute: look from the end.
        int i = minutes.length;
        while (i > 0 && Math.floorDiv(minutes[i - 1].ts, MINUTE) > minute) {
            i--;
        }
        if (i > 0 && Math.floorDiv(minutes[i - 1].ts, MINUTE) == minute) {
            if (p.isAfter(minutes[i - 1])) {
                minutes[i - 1] = p;
            }
            return;
        }
        PresencePoint[] grown = new PresencePoint[minutes.length + 1];
        System.arraycopy(minutes, 0, grown, 0, i);
        grown[i] = p;
        System.arraycopy(minutes, i, grown, i + 1, minutes.length - i);
        minutes = grown;
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
        int i = 0;
        while (i < sent.length && sent[i].minuteEnd < minuteEnd) {
            i++;
        }
        boolean present = i < sent.length && sent[i].minuteEnd == minuteEnd;
        if (where != null && present) {
            sent[i] = new PresenceMark(minuteEnd, where);
        } else if (where != null) {
            PresenceMark[] grown = new PresenceMark[sent.length + 1];
            System.arraycopy(sent, 0, grown, 0, i);
            grown[i] = new PresenceMark(minuteEnd, where);
            System.arraycopy(sent, i, grown, i + 1, sent.length - i);
            sent = grown;
        } else if (present) {
            PresenceMark[] shrunk = new PresenceMark[sent.length - 1];
            System.arraycopy(sent, 0, shrunk, 0, i);
            System.arraycopy(sent, i + 1, shrunk, i, sent.length - i - 1);
            sent = shrunk;
        }
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
