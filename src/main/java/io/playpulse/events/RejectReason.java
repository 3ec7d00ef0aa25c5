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
    NEGATIVE_AMOUNT,
    /** UTF-16 or UTF-32 (with or without a byte order mark): the contract is UTF-8. */
    UNSUPPORTED_ENCODING,
    /** A text field with an unpaired surrogate (a lone {@code \\uD800} escape): not representable in UTF-8. */
    INVALID_STRING,
    /** A number outside the range the contract allows for its field. */
    OUT_OF_RANGE,
    /** The parser met something it did not expect; the detail names the exception. Never a task failure. */
    UNPARSEABLE
}
