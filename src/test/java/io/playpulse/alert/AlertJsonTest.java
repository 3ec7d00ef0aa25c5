package io.playpulse.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    @Test
    void writesTheContractFieldsInSnakeCaseWithIsoTimes() throws Exception {
        Alert a = new Alert();
        a.alertId = Alert.idFor("client_crash", "e-1");
        a.rule = "client_crash";
        a.severity = Severity.CRITICAL;
        a.dedupKey = "client_crash|us-1";
        a.title = "t";
        a.summary = "s";
        a.userId = null;
        a.serverId = "us-1";
        a.platform = null;
        a.windowStartMs = 0;
        a.windowEndMs = 300_000;
        a.firstEventTimeMs = 1;
        a.lastEventTimeMs = 299_999;
        a.eventCount = 12;
        a.detectedAtMs = 300_500;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("crashes", 12);
        details.put("threshold", 10);
        a.detailsJson = AlertJson.details(details);
        a.runbook = "r";

        JsonNode n = AlertJson.parse(AlertJson.toBytes(a));
        assertThat(n.get("alert_id").asText()).isEqualTo(a.alertId);
        assertThat(n.get("severity").asText()).isEqualTo("critical");
        assertThat(n.get("user_id").isNull()).isTrue();
        assertThat(n.get("platform").isNull()).isTrue();
        assertThat(n.get("window_end").asText()).isEqualTo("1970-01-01T00:05:00Z");
        assertThat(n.get("detected_at").asText()).isEqualTo("1970-01-01T00:05:00.500Z");
        assertThat(n.get("event_count").asLong()).isEqualTo(12);
        assertThat(n.get("details").get("crashes").asInt()).isEqualTo(12);
        assertThat(n.fieldNames()).toIterable().containsExactly("alert_id", "rule", "severity", "dedup_key", "title",
                "summary", "user_id", "server_id", "platform", "window_start", "window_end", "first_event_time",
                "last_event_time", "event_count", "detected_at", "details", "runbook");
    }
}
