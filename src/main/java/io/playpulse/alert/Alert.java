package io.playpulse.alert;

import io.playpulse.clickhouse.ClickHouseTable;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One alert, as the paging service and analysts see it (docs/alerts.md). A Flink POJO;
 * numbers that fired it travel in {@link #detailsJson} as a JSON object.
 */
public class Alert {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<Alert> TABLE = ClickHouseTable.<Alert>named("alerts")
            .string("alert_id", a -> a.alertId)
            .string("rule", a -> a.rule)
            .string("severity", a -> a.severity.wireName())
            .string("dedup_key", a -> a.dedupKey)
            .string("title", a -> a.title)
            .string("summary", a -> a.summary)
            .int64("user_id", a -> a.userId)
            .string("server_id", a -> a.serverId)
            .string("platform", a -> a.platform)
            .dateTime("window_start", a -> a.windowStartMs)
            .dateTime("window_end", a -> a.windowEndMs)
            .dateTime("first_event_time", a -> a.firstEventTimeMs)
            .dateTime("last_event_time", a -> a.lastEventTimeMs)
            .int64("event_count", a -> a.eventCount)
            .dateTime("detected_at", a -> a.detectedAtMs)
            .string("details", a -> a.detailsJson)
            .string("runbook", a -> a.runbook)
            .versioned();

    /** Deterministic: the same rule firing on the same input always has the same id. */
    public String alertId;
    public String rule;
    public Severity severity;
    /** What a paging service groups incidents on; also the Kafka key. */
    public String dedupKey;
    public String title;
    public String summary;
    /** Null when the alert is not about one player. */
    public Long userId;
    public String serverId;
    public String platform;
    public long windowStartMs;
    public long windowEndMs;
    public long firstEventTimeMs;
    public long lastEventTimeMs;
    public long eventCount;
    public long detectedAtMs;
    public String detailsJson;
    public String runbook;

    public Alert() {}

    /**
     * A new alert of {@code rule} (severity and runbook from {@link Rules}), its id from the identity
     * of what fired it, detected now; the caller fills in where, when and why.
     */
    public static Alert of(String rule, String firingIdentity, String dedupKey) {
        Rules.Rule definition = Rules.get(rule);
        Alert a = new Alert();
        a.alertId = idFor(rule, firingIdentity);
        a.rule = rule;
        a.severity = definition.severity();
        a.runbook = definition.runbook();
        a.dedupKey = dedupKey;
        a.detectedAtMs = System.currentTimeMillis();
        return a;
    }

    /** Sets the window and event times of an alert on a single event at {@code timestampMs}. */
    public Alert onOneEventAt(long timestampMs) {
        windowStartMs = timestampMs;
        windowEndMs = timestampMs;
        firstEventTimeMs = timestampMs;
        lastEventTimeMs = timestampMs;
        eventCount = 1;
        return this;
    }

    /** A name-based UUID of the rule and the identity of what fired it. */
    public static String idFor(String rule, String firingIdentity) {
        return UUID.nameUUIDFromBytes((rule + '|' + firingIdentity).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String toString() {
        return "Alert{" + rule + "/" + severity + " id=" + alertId + " key=" + dedupKey + " user=" + userId + " server="
                + serverId + " count=" + eventCount + " " + detailsJson + "}";
    }
}
