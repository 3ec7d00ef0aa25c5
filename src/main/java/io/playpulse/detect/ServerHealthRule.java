package io.playpulse.detect;

import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import io.playpulse.server.ServerHealthMinute;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by server: pages when a server's minutes (kpi_server_health_minute) have a p95 response time
 * or an error rate above its limit for N minutes in a row. Each minute is judged once, on its final
 * row, when the watermark has passed its end by the allowed lateness, so a replay reaches the same
 * verdict. A minute without events breaks the run. While the run lasts, the page repeats once per
 * suppression period, under the same dedup key, so the paging service adds it to the open incident.
 */
public class ServerHealthRule extends KeyedProcessFunction<String, ServerHealthMinute, Alert> {
    private static final long serialVersionUID = 1L;

    public static final String RULE = "server_health";
    private static final long MINUTE_MS = 60_000L;

    private final double p95LimitMs;
    private final double errorRateLimit;
    private final int minutesInARow;
    private final long repeatEveryMinutes;
    private final long latenessMs;

    /** Minute start -> its latest row, until judged. */
    private transient MapState<Long, ServerHealthMinute> pending;
    /** {last judged minute, unhealthy minutes in a row up to it}. */
    private transient ValueState<long[]> run;

    public ServerHealthRule(double p95LimitMs, double errorRateLimit, int minutesInARow, Duration suppression,
            Duration allowedLateness) {
        this.p95LimitMs = p95LimitMs;
        this.errorRateLimit = errorRateLimit;
        this.minutesInARow = minutesInARow;
        this.repeatEveryMinutes = Math.max(1, suppression.toMinutes());
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(pendingDescriptor());
        run = getRuntimeContext().getState(runDescriptor());
    }

    /** Public, as are the one below, for the savepoint migrations (migration/). */
    public static MapStateDescriptor<Long, ServerHealthMinute> pendingDescriptor() {
        return new MapStateDescriptor<>("pending-minutes", Types.LONG, TypeInformation.of(ServerHealthMinute.class));
    }

    public static ValueStateDescriptor<long[]> runDescriptor() {
        return new ValueStateDescriptor<>("unhealthy-run", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    @Override
    public void processElement(ServerHealthMinute row, Context ctx, Collector<Alert> out) throws Exception {
        pending.put(row.windowStartMs, row);
        // Judged once the window can no longer correct it: it takes events until its end plus the lateness.
        ctx.timerService().registerEventTimeTimer(row.windowStartMs + MINUTE_MS + latenessMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long minute = timestamp - latenessMs - MINUTE_MS;
        ServerHealthMinute row = pending.get(minute);
        if (row == null) {
            return;
        }
        pending.remove(minute);
        long[] state = run.value();
        long inARow = state != null && state[0] == minute - MINUTE_MS ? state[1] : 0;
        inARow = unhealthy(row) ? inARow + 1 : 0;
        if (inARow >= minutesInARow && (inARow - minutesInARow) % repeatEveryMinutes == 0) {
            out.collect(alert(row, inARow));
        }
        if (inARow == 0 && pending.isEmpty()) {
            run.clear();
        } else {
            run.update(new long[] {minute, inARow});
        }
    }

    private boolean unhealthy(ServerHealthMinute row) {
        return row.p95ResponseMs > p95LimitMs || row.errorRate > errorRateLimit;
    }

    private Alert alert(ServerHealthMinute row, long inARow) {
        Alert a = Alert.of(RULE, row.serverId + "|" + row.windowStartMs, RULE + "|" + row.serverId);
        a.serverId = row.serverId;
        a.windowStartMs = row.windowStartMs - (inARow - 1) * MINUTE_MS;
        a.windowEndMs = row.windowStartMs + MINUTE_MS;
        a.firstEventTimeMs = a.windowStartMs;
        a.lastEventTimeMs = a.windowEndMs - 1;
        a.eventCount = row.events;
        String errors = String.format(Locale.ROOT, "%.1f%%", row.errorRate * 100);
        a.title = "Server " + row.serverId + " unhealthy for " + inARow + " minutes: p95 "
                + Math.round(row.p95ResponseMs) + " ms, errors " + errors;
        a.summary = "Server " + row.serverId + " has had a p95 response time above " + Math.round(p95LimitMs)
                + " ms or an error rate above " + String.format(Locale.ROOT, "%.1f%%", errorRateLimit * 100) + " for "
                + inARow + " minutes in a row; in the last: p95 " + Math.round(row.p95ResponseMs) + " ms, errors "
                + errors + " of " + row.events + " events.";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("minutes_in_a_row", inARow);
        details.put("p95_response_ms", row.p95ResponseMs);
        details.put("error_rate", row.errorRate);
        details.put("events", row.events);
        details.put("p95_limit_ms", p95LimitMs);
        details.put("error_rate_limit", errorRateLimit);
        a.detailsJson = AlertJson.details(details);
        return a;
    }
}
