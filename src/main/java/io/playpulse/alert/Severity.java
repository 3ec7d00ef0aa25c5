package io.playpulse.alert;

import java.util.Locale;

/** Alert severities, in the vocabulary PagerDuty Events v2 uses. */
public enum Severity {
    CRITICAL,
    ERROR,
    WARNING,
    INFO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
