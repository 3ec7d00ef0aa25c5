package io.playpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.alert.Alert;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class HighValuePaymentRuleTest {
    private final HighValuePaymentRule rule = new HighValuePaymentRule(10_000, Map.of("KRW", 150_000L));

    private List<Alert> fire(GameEvent e) throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<GameEvent, Alert>(new StreamFlatMap<>(rule))) {
            h.open();
            h.processElement(e, e.timestampMs);
            return h.extractOutputValues();
        }
    }

    private static GameEvent money(EventType type, String currency, long amount) {
        GameEvent e = TestEvents.event("p-" + currency + amount + type, type, 5, 1_700_000_000_000L);
        e.currency = currency;
        if (type == EventType.PAYMENT) {
            e.amount = amount;
        } else {
            e.price = amount;
        }
        return e;
    }

    @Test
    void warnsAboveTheCurrencysThresholdOnly() throws Exception {
        assertThat(fire(money(EventType.PAYMENT, "USD", 10_001))).singleElement().satisfies(a -> {
            assertThat(a.rule).isEqualTo(HighValuePaymentRule.RULE);
            assertThat(a.dedupKey).isEqualTo("high_value_payment|5");
            assertThat(a.detailsJson).contains("\"amount_minor_units\":10001", "\"threshold\":10000");
        });
        assertThat(fire(money(EventType.PAYMENT, "USD", 10_000))).isEmpty();
        assertThat(fire(money(EventType.ITEM_PURCHASE, "EUR", 20_000))).hasSize(1);
        assertThat(fire(money(EventType.PAYMENT, "KRW", 100_000))).isEmpty();
        assertThat(fire(money(EventType.PAYMENT, "KRW", 150_001))).hasSize(1);
        assertThat(fire(TestEvents.event("x", EventType.SKILL_USE, 5, 1))).isEmpty();
    }
}
