package io.playpulse.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** The alert's wire form: snake_case JSON, times in ISO-8601 UTC with milliseconds. */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    public static byte[] toBytes(Alert a) {
        try {
            return MAPPER.writeValueAsBytes(toNode(a));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toNode(Alert a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("alert_id", a.alertId);
        n.put("rule", a.rule);
        n.put("severity", a.severity.wireName());
        n.put("dedup_key", a.dedupKey);
        n.put("title", a.title);
        n.put("summary", a.summary);
        if (a.userId == null) {
            n.putNull("user_id");
        } else {
            n.put("user_id", a.userId);
        }
        n.put("server_id", a.serverId);
        n.put("platform", a.platform);
        n.put("window_start", iso(a.windowStartMs));
        n.put("window_end", iso(a.windowEndMs));
        n.put("first_event_time", iso(a.firstEventTimeMs));
        n.put("last_event_time", iso(a.lastEventTimeMs));
        n.put("event_count", a.eventCount);
        n.put("detected_at", iso(a.detectedAtMs));
        n.set("details", readDetails(a.detailsJson));
        n.put("runbook", a.runbook);
        return n;
    }

    /** Builds the details object from name/value pairs, keeping their order. */
    public static String details(Map<String, ?> values) {
        ObjectNode n = MAPPER.createObjectNode();
        values.forEach((k, v) -> n.set(k, MAPPER.valueToTree(v)));
        return n.toString();
    }

    public static JsonNode parse(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /** A details object already in JSON, to nest inside other details. */
    public static JsonNode tree(String json) {
        return readDetails(json);
    }

    private static JsonNode readDetails(String json) {
        try {
            return json == null ? MAPPER.createObjectNode() : MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
