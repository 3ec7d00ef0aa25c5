package io.playpulse.detect;

import io.playpulse.alert.Alert;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warning, per currency: a 5-minute window's revenue below {@code fraction} of the trailing
 * windows' average, when those windows averaged at least {@code minTransactions} transactions (so
 * a currency that rarely sells never pages), with at least half of the trailing windows known. In
 * words: "the store is selling less than a quarter of what it sold per 5 minutes over the last hour".
 */
public class RevenueDropRule extends BucketedRule {
    private static final long serialVersionUID = 1L;

    public static final String RULE = "revenue_drop";
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final double fraction;
    private final double minTransactions;
    private final int baselineWindows;

    public RevenueDropRule(double fraction, double minTransactions, int baselineWindows, Duration allowedLateness) {
        super(RULE, WINDOW, allowedLateness, baselineWindows);
        this.fraction = fraction;
        this.minTransactions = minTransactions;
        this.baselineWindows = baselineWindows;
    }

    @Override
    protected Alert judge(String currency, long bucketStart, long revenue, long transactions, BucketHistory past) {
        if (past.size() * 2 < baselineWindows || past.meanCount() < minTransactions) {
            return null;
        }
        double baseline = past.meanValue();
        if (revenue >= fraction * baseline) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("currency", currency);
        details.put("revenue_minor_units", revenue);
        details.put("transactions", transactions);
        details.put("baseline_revenue_per_window", Math.round(baseline));
        details.put("baseline_transactions_per_window", Math.round(past.meanCount() * 100) / 100.0);
        details.put("fraction", fraction);
        Alert a = alert(currency, bucketStart, transactions, details);
        a.title = "Revenue drop in " + currency + ": " + revenue + " in 5 minutes against " + Math.round(baseline);
        a.summary = "5-minute revenue in " + currency + " is " + revenue + " (minor units), below " + fraction
                + " of the trailing average " + Math.round(baseline) + ".";
        return a;
    }
}
