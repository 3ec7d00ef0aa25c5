package io.playpulse.events;

/** Why a record was sent to the dead letter instead of being processed. Codes are part of the contract. */
public enum RejectReason {
    NOT_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    FIELD_TOO_LONG,
    UNKNOWN_EVENT_TYPE,
    INVALID_USER_ID,
    TIMESTAMP_IN_FUTURE,
    TIMESTAMP_TOO_OLD,
    PAYLOAD_TOO_LARGE,
    NEGATIVE_AMOUNT
}
