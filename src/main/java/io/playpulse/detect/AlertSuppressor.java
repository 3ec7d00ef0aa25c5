package io.playpulse.detect;

import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import io.playpulse.alert.Rules;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by dedup key (rule and player): the first firing pages; further firings within the
 * suppression window are counted, and when the window closes (event time) one update goes out with
 * the running count, under the same dedup key, so the paging service adds it to the open incident.
 * A window with no firing ends the episode. A bot hammering for an hour is one page and six
 * updates, not 300 pages.
 */
public class AlertSuppressor extends KeyedProcessFunction<String, Detection, Alert> {
    private static final long serialVersionUID = 1L;

    private final long suppressionMs;
    private transient ValueState<SuppressionEpisode> episode;

    public AlertSuppressor(Duration suppression) {
        this.suppressionMs = suppression.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        episode = getRuntimeContext().getState(
                new ValueStateDescriptor<>("episode", TypeInformation.of(SuppressionEpisode.class)));
    }

    @Override
    public void processElement(Detection d, Context ctx, Collector<Alert> out) throws Exception {
        SuppressionEpisode e = episode.value();
        // A firing past the window's end closes the window first, as the timer would have.
        while (e != null && d.lastEventTimeMs >= e.windowEndMs) {
            e = closeWindow(e, ctx.getCurrentKey(), d.rule, ctx.timerService(), out);
        }
        if (e == null) {
            e = new SuppressionEpisode();
            e.startMs = d.lastEventTimeMs;
            e.windowEndMs = d.lastEventTimeMs + suppressionMs;
            e.firstEventTimeMs = d.firstEventTimeMs;
            e.lastEventTimeMs = d.lastEventTimeMs;
            e.firings = 1;
            e.events = d.eventCount;
            e.serverId = d.serverId;
            e.platform = d.platform;
            e.detailsJson = d.detailsJson;
            out.collect(page(ctx.getCurrentKey(), d, e));
            ctx.timerService().registerEventTimeTimer(e.windowEndMs);
        } else {
            e.firings++;
            e.firingsInWindow++;
            e.events += d.eventCount;
            e.firstEventTimeMs = Math.min(e.firstEventTimeMs, d.firstEventTimeMs);
            e.lastEventTimeMs = Math.max(e.lastEventTimeMs, d.lastEventTimeMs);
            e.serverId = d.serverId;
            e.platform = d.platform;
            e.detailsJson = d.detailsJson;
        }
        episode.update(e);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        SuppressionEpisode e = episode.value();
        if (e == null || timestamp != e.windowEndMs) {
            return;
        }
        String key = ctx.getCurrentKey();
        String rule = key.substring(0, key.indexOf('|'));
        e = closeWindow(e, key, rule, ctx.timerService(), out);
        if (e == null) {
            episode.clear();
        } else {
            episode.update(e);
        }
    }

    /** Sends the window's update if it had firings and opens the next window; null when the episode is over. */
    private SuppressionEpisode closeWindow(SuppressionEpisode e, String key, String rule,
            org.apache.flink.streaming.api.TimerService timers, Collector<Alert> out) {
        if (e.firingsInWindow == 0) {
            return null;
        }
        e.updates++;
        out.collect(update(key, rule, e));
        e.firingsInWindow = 0;
        e.windowEndMs += suppressionMs;
        timers.registerEventTimeTimer(e.windowEndMs);
        return e;
    }

    private Alert page(String key, Detection d, SuppressionEpisode e) {
        Alert a = base(key, d.rule, e, 0);
        a.title = title(d.rule, d.userId) + " (" + d.eventCount + " events)";
        a.summary = "Player " + d.userId + " on " + d.serverId + "/" + d.platform + ": "
                + Rules.get(d.rule).description() + ".";
        a.windowStartMs = d.firstEventTimeMs;
        a.windowEndMs = d.lastEventTimeMs;
        a.eventCount = d.eventCount;
        a.detailsJson = d.detailsJson;
        return a;
    }

    private Alert update(String key, String rule, SuppressionEpisode e) {
        Alert a = base(key, rule, e, e.updates);
        long userId = Long.parseLong(key.substring(key.indexOf('|') + 1));
        a.title = title(rule, userId) + ": still firing, " + e.firings + " times since the page";
        a.summary = "Player " + userId + " keeps firing " + rule + ": " + e.firings + " firings, " + e.events
                + " events since the first page.";
        a.windowStartMs = e.startMs;
        a.windowEndMs = e.windowEndMs;
        a.eventCount = e.events;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("firings", e.firings);
        details.put("update", e.updates);
        details.put("latest_firing", AlertJson.tree(e.detailsJson));
        a.detailsJson = AlertJson.details(details);
        return a;
    }

    private static Alert base(String key, String rule, SuppressionEpisode e, int sequence) {
        Alert a = Alert.of(rule, key + "|" + e.startMs + "|" + sequence, key);
        a.userId = Long.parseLong(key.substring(key.indexOf('|') + 1));
        a.serverId = e.serverId;
        a.platform = e.platform;
        a.firstEventTimeMs = e.firstEventTimeMs;
        a.lastEventTimeMs = e.lastEventTimeMs;
        return a;
    }

    private static String title(String rule, long userId) {
        return switch (rule) {
            case MacroRules.SKILL_BURST -> "Macro suspected: skill burst by player " + userId;
            case MacroRules.REPEATED_SKILL -> "Macro suspected: repeated skill by player " + userId;
            case MacroRules.ACTION_RATE -> "Bot suspected: action rate of player " + userId;
            case MacroRules.ABNORMAL_DAMAGE -> "Abnormal damage by player " + userId;
            default -> rule + " for player " + userId;
        };
    }
}
