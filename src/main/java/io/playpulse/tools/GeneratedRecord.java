package io.playpulse.tools;

import io.playpulse.events.GameEvent;
import io.playpulse.events.RejectReason;

/**
 * One record the simulation sends, with the truth about it, so tests can derive every expected
 * output from the input.
 *
 * @param key the Kafka key (the player id)
 * @param value the bytes sent
 * @param emitAtMs when (event time) the client sends it; never before the event's own timestamp
 * @param kind valid, a client retry of an earlier valid record, or malformed
 * @param event the event the bytes encode (null when malformed)
 * @param expectedReason why the job must reject it (null unless malformed)
 * @param delay how the record was delayed relative to its timestamp
 * @param fromBot whether a macro bot sent it
 * @param botAction whether it is part of the bot's give-away behaviour (a burst, a hacked hit)
 */
public record GeneratedRecord(
        String key,
        byte[] value,
        long emitAtMs,
        Kind kind,
        GameEvent event,
        RejectReason expectedReason,
        Delay delay,
        boolean fromBot,
        boolean botAction) {

    public enum Kind {
        VALID,
        DUPLICATE,
        MALFORMED
    }

    public enum Delay {
        NONE,
        OUT_OF_ORDER,
        LATE_WITHIN_LATENESS,
        LATE_BEYOND_LATENESS
    }
}
