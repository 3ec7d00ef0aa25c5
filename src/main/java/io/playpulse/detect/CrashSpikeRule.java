package io.playpulse.detect;

import io.playpulse.alert.Alert;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Critical: more than N crashes (crash and memory-leak reports) on one server in a 5-minute window. */
public class CrashSpikeRule extends BucketedRule {
    private static final long serialVersionUID = 1L;

    public static final String RULE = "crash_spike";
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final int threshold;

    public CrashSpikeRule(int threshold, Duration allowedLateness) {
        super(RULE, WINDOW, allowedLateness, 1);
        this.threshold = threshold;
    }

    @Override
    protected Alert judge(String server, long bucketStart, long crashes, long count, BucketHistory past) {
        if (crashes <= threshold) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("crashes", crashes);
        details.put("threshold", threshold);
        details.put("window_minutes", WINDOW.toMinutes());
        Alert a = alert(server, bucketStart, crashes, details);
        a.serverId = server;
        a.title = "Crash spike on " + server + ": " + crashes + " crashes in 5 minutes";
        a.summary = crashes + " client crashes on server " + server + " in 5 minutes (threshold " + threshold + ").";
        return a;
    }
}
