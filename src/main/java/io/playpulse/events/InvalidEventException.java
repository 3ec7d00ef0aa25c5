package io.playpulse.events;

/** Thrown by {@link EventParser} for a record that breaks the contract. Carries no stack trace: rejects are data. */
public final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
