package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.alert.Alert;
import io.playpulse.alert.Severity;
import io.playpulse.server.ServerHealthMinute;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ServerHealthRuleTest {
    private static final long MIN = 60_000;
    private static final Duration LATENESS = Duration.ofMinutes(1);

    private static KeyedOneInputStreamOperatorTestHarness<String, ServerHealthMinute, Alert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ServerHealthRule(200, 0.05, 3, Duration.ofMinutes(10), LATENESS)),
                (ServerHealthMinute row) -> row.serverId, Types.STRING);
        h.open();
        return h;
    }

    private static void minute(KeyedOneInputStreamOperatorTestHarness<String, ServerHealthMinute, Alert> h,
            String server, long minute, double p95, double errorRate) throws Exception {
        ServerHealthMinute row = new ServerHealthMinute();
        row.windowStartMs = minute * MIN;
        row.serverId = server;
        row.events = 100;
        row.errorEvents = Math.round(errorRate * 100);
        row.errorRate = errorRate;
        row.responses = 40;
        row.p95ResponseMs = p95;
        h.processElement(row, row.windowStartMs + MIN - 1);
    }

    @Test
    void threeUnhealthyMinutesInARowPageOnceTheLastIsFinal() throws Exception {
        try (var h = harness()) {
            minute(h, "jp-1", 0, 250, 0.01);  // slow
            minute(h, "jp-1", 1, 150, 0.20);  // failing
            minute(h, "jp-1", 2, 150, 0.01);  // on time: healthy...
            minute(h, "jp-1", 2, 201, 0.01);  // ...corrected by a late event: slow
            minute(h, "kr-1", 0, 250, 0.01);
            minute(h, "kr-1", 1, 250, 0.01);
            minute(h, "kr-1", 2, 200, 0.05);  // at the limits is healthy
            h.processWatermark(new Watermark(3 * MIN + LATENESS.toMillis() - 1));
            assertThat(h.extractOutputValues()).as("the third minute is not final yet").isEmpty();
            h.processWatermark(new Watermark(3 * MIN + LATENESS.toMillis()));
            List<Alert> alerts = h.extractOutputValues();
            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.rule).isEqualTo(ServerHealthRule.RULE);
                assertThat(a.severity).isEqualTo(Severity.ERROR);
                assertThat(a.serverId).isEqualTo("jp-1");
                assertThat(a.alertId).isEqualTo(Alert.idFor(ServerHealthRule.RULE, "jp-1|" + 2 * MIN));
                assertThat(a.dedupKey).isEqualTo("server_health|jp-1");
                assertThat(a.windowStartMs).isZero();
                assertThat(a.windowEndMs).isEqualTo(3 * MIN);
                assertThat(a.title).contains("jp-1", "3 minutes", "p95 201 ms");
            });
        }
    }

    @Test
    void aQuietMinuteBreaksTheRunAndALongRunPagesAgainEverySuppressionPeriod() throws Exception {
        try (var h = harness()) {
            minute(h, "eu-1", 0, 300, 0);
            minute(h, "eu-1", 1, 300, 0);
            minute(h, "eu-1", 3, 300, 0); // minute 2 had no events
            minute(h, "eu-1", 4, 300, 0);
            h.processWatermark(new Watermark(10 * MIN));
            assertThat(h.extractOutputValues()).isEmpty();
            for (long m = 5; m < 30; m++) {
                minute(h, "eu-1", m, 300, 0);
            }
            h.processWatermark(new Watermark(40 * MIN));
            // In a row from minute 3: pages at 3, 13 and 23 minutes in a row (minutes 5, 15, 25).
            assertThat(h.extractOutputValues()).extracting(a -> a.windowEndMs / MIN).containsExactly(6L, 16L, 26L);
            assertThat(h.numKeyedStateEntries()).as("pending rows judged and removed").isEqualTo(1);
        }
    }
}
