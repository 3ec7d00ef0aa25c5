package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.alert.Alert;
import io.playpulse.alert.Severity;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CrashAlertRuleTest {
    private final CrashAlertRule rule = new CrashAlertRule(List.of("crash", "memory_leak"));

    /** Runs the rule as the job does, in its operator, and returns what it emitted. */
    private List<Alert> fire(GameEvent e) {
        try (var harness = new OneInputStreamOperatorTestHarness<GameEvent, Alert>(new StreamFlatMap<>(rule))) {
            harness.open();
            harness.processElement(e, e.timestampMs);
            return harness.extractOutputValues();
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static GameEvent error(String id, String errorType) {
        GameEvent e = TestEvents.event(id, EventType.ERROR_OCCURRED, 77, 1_700_000_000_123L);
        e.errorType = errorType;
        e.serverId = "us-1";
        return e;
    }

    @Test
    void alertsOnCrashesAndMemoryLeaks() {
        Alert a = fire(error("e-1", "crash")).get(0);
        assertThat(a.rule).isEqualTo(CrashAlertRule.RULE);
        assertThat(a.severity).isEqualTo(Severity.ERROR);
        assertThat(a.userId).isEqualTo(77L);
        assertThat(a.serverId).isEqualTo("us-1");
        assertThat(a.platform).isEqualTo("iOS");
        assertThat(a.dedupKey).isEqualTo("client_crash|us-1");
        assertThat(a.eventCount).isEqualTo(1);
        assertThat(a.firstEventTimeMs).isEqualTo(1_700_000_000_123L);
        assertThat(a.windowStartMs).isEqualTo(a.windowEndMs).isEqualTo(a.lastEventTimeMs);
        assertThat(a.detailsJson).contains("\"error_type\":\"crash\"", "\"event_id\":\"e-1\"");
        assertThat(a.title).contains("crash");
        assertThat(a.runbook).isNotBlank();

        assertThat(fire(error("e-2", "memory_leak"))).hasSize(1);
    }

    @Test
    void ignoresOtherErrorsAndOtherEvents() {
        assertThat(fire(error("e-3", "network_timeout"))).isEmpty();
        assertThat(fire(error("e-4", null))).isEmpty();
        assertThat(fire(TestEvents.event("e-5", EventType.SKILL_USE, 1, 1))).isEmpty();
    }

    @Test
    void theAlertIdDependsOnlyOnTheRuleAndTheEvent() {
        assertThat(fire(error("e-1", "crash")).get(0).alertId)
                .isEqualTo(fire(error("e-1", "crash")).get(0).alertId)
                .isEqualTo(Alert.idFor(CrashAlertRule.RULE, "e-1"))
                .isNotEqualTo(fire(error("e-9", "crash")).get(0).alertId);
    }
}
