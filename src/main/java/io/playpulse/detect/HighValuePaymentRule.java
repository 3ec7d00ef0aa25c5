package io.playpulse.detect;

import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import io.playpulse.events.GameEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A warning for fraud review for every PAYMENT or ITEM_PURCHASE above its currency's threshold
 * (minor units). Each transaction is its own alert; the dedup key groups a player's into one incident.
 */
public class HighValuePaymentRule implements FlatMapFunction<GameEvent, Alert> {
    private static final long serialVersionUID = 1L;

    public static final String RULE = "high_value_payment";

    private final long defaultThreshold;
    private final Map<String, Long> thresholds;

    public HighValuePaymentRule(long defaultThreshold, Map<String, Long> thresholds) {
        this.defaultThreshold = defaultThreshold;
        this.thresholds = Map.copyOf(thresholds);
    }

    public long thresholdFor(String currency) {
        return thresholds.getOrDefault(currency, defaultThreshold);
    }

    @Override
    public void flatMap(GameEvent e, Collector<Alert> out) {
        if (!e.eventType.isMoney()) {
            return;
        }
        long amount = e.revenueMinorUnits();
        long threshold = thresholdFor(e.currency);
        if (amount <= threshold) {
            return;
        }
        Alert a = Alert.of(RULE, e.eventId, RULE + "|" + e.userId).onOneEventAt(e.timestampMs);
        a.title = "High-value " + e.eventType.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + amount
                + " " + e.currency + " by player " + e.userId;
        a.summary = "Player " + e.userId + " on " + e.serverId + "/" + e.platform + " paid " + amount + " " + e.currency
                + " (minor units), above the review threshold of " + threshold + ".";
        a.userId = e.userId;
        a.serverId = e.serverId;
        a.platform = e.platform;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("event_id", e.eventId);
        details.put("event_type", e.eventType.name());
        details.put("amount_minor_units", amount);
        details.put("currency", e.currency);
        details.put("threshold", threshold);
        if (e.itemId != null) {
            details.put("item_id", e.itemId);
        }
        a.detailsJson = AlertJson.details(details);
        out.collect(a);
    }
}
