package io.playpulse.detect;

import io.playpulse.alert.Alert;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warning: concurrent players (all servers, at a minute's end) fell below the floor, judged when the
 * previous minute was still at or above it; one alert per fall, none while it stays below.
 */
public class CcuFloorRule extends BucketedRule {
    private static final long serialVersionUID = 1L;

    public static final String RULE = "ccu_floor";
    public static final String ALL = "all";

    private final long floor;

    public CcuFloorRule(long floor, Duration allowedLateness) {
        super(RULE, Duration.ofMinutes(1), allowedLateness, 1);
        this.floor = floor;
    }

    @Override
    protected Alert judge(String key, long minute, long ccu, long count, BucketHistory past) {
        if (ccu >= floor || past.size() == 0 || past.last() < floor) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ccu", ccu);
        details.put("previous_minute_ccu", past.last());
        details.put("floor", floor);
        Alert a = alert(key, minute, ccu, details);
        a.title = "Concurrent players fell to " + ccu + ", below the floor of " + floor;
        a.summary = ccu + " players online at the end of the minute, down from " + past.last() + "; floor " + floor + ".";
        return a;
    }
}
