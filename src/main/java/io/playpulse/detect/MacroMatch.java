package io.playpulse.detect;

import io.playpulse.alert.AlertJson;
import io.playpulse.events.GameEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/** Turns a CEP match of one of {@link MacroRules} into a {@link Detection} with the numbers that fired it. */
public class MacroMatch extends PatternProcessFunction<GameEvent, Detection> {
    private static final long serialVersionUID = 1L;

    private final String rule;

    public MacroMatch(String rule) {
        this.rule = rule;
    }

    @Override
    public void processMatch(Map<String, List<GameEvent>> match, Context ctx, Collector<Detection> out) {
        List<GameEvent> events = new ArrayList<>();
        match.values().forEach(events::addAll);
        events.sort((a, b) -> Long.compare(a.timestampMs, b.timestampMs));
        GameEvent first = events.get(0);
        GameEvent last = events.get(events.size() - 1);
        Detection d = new Detection();
        d.rule = rule;
        d.userId = last.userId;
        d.serverId = last.serverId;
        d.platform = last.platform;
        d.firstEventTimeMs = first.timestampMs;
        d.lastEventTimeMs = last.timestampMs;
        d.eventCount = events.size();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("events", events.size());
        details.put("span_ms", last.timestampMs - first.timestampMs);
        if (first.skillId != null) {
            details.put("skill_id", first.skillId);
        }
        long maxDamage = events.stream().mapToLong(MacroRules::damage).max().orElse(0);
        if (maxDamage > 0) {
            details.put("max_damage", maxDamage);
        }
        details.put("session_id", last.sessionId);
        d.detailsJson = AlertJson.details(details);
        out.collect(d);
    }
}
