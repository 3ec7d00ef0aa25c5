package io.playpulse.detect;

import io.playpulse.alert.Alert;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warning: logouts in a 5-minute window more than {@code factor} times the average of the trailing
 * windows (an hour by default), and at least {@code minLogouts}; per server and over all servers
 * (key {@value #ALL}). It waits for three windows of history before it judges.
 */
public class LogoutSurgeRule extends BucketedRule {
    private static final long serialVersionUID = 1L;

    public static final String RULE = "logout_surge";
    public static final String ALL = "all";
    public static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MIN_HISTORY = 3;

    private final double factor;
    private final long minLogouts;

    public LogoutSurgeRule(double factor, long minLogouts, int baselineWindows, Duration allowedLateness) {
        super(RULE, WINDOW, allowedLateness, baselineWindows);
        this.factor = factor;
        this.minLogouts = minLogouts;
    }

    @Override
    protected Alert judge(String key, long bucketStart, long logouts, long count, BucketHistory past) {
        double baseline = past.meanValue();
        if (past.size() < MIN_HISTORY || logouts < minLogouts || logouts <= factor * baseline) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("logouts", logouts);
        details.put("baseline_per_window", Math.round(baseline * 100) / 100.0);
        details.put("baseline_windows", past.size());
        details.put("factor", factor);
        Alert a = alert(key, bucketStart, logouts, details);
        String where = ALL.equals(key) ? "all servers" : key;
        a.serverId = ALL.equals(key) ? null : key;
        a.title = "Logout surge on " + where + ": " + logouts + " logouts in 5 minutes";
        a.summary = logouts + " logouts on " + where + " in 5 minutes, against " + Math.round(baseline * 10) / 10.0
                + " per 5 minutes over the last " + past.size() + " windows.";
        return a;
    }
}
