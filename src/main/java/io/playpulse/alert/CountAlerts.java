package io.playpulse.alert;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Passes alerts through, counting them per rule ({@code alerts}, in a group {@code rule}: a label in
 * Prometheus), so an operator sees what pages without reading the topic.
 */
public class CountAlerts extends RichMapFunction<Alert, Alert> {
    private static final long serialVersionUID = 1L;

    public static final String ALERTS = "alerts";
    public static final String RULE = "rule";

    private transient MetricGroup metrics;
    private transient Map<String, Counter> perRule;

    /** Every rule's counter from the start, at 0: a series that first appears at 1 hides its first alert from rate(). */
    @Override
    public void open(OpenContext openContext) {
        metrics = getRuntimeContext().getMetricGroup();
        perRule = new HashMap<>();
        Rules.all().keySet().forEach(this::counter);
    }

    private Counter counter(String rule) {
        return perRule.computeIfAbsent(rule, r -> metrics.addGroup(RULE, r).counter(ALERTS));
    }

    @Override
    public Alert map(Alert alert) {
        counter(alert.rule).inc();
        return alert;
    }
}
