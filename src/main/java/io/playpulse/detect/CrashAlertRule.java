package io.playpulse.detect;

import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** One alert per ERROR_OCCURRED whose error_type is a crash kind (crash, memory_leak by default). */
public class CrashAlertRule implements FlatMapFunction<GameEvent, Alert> {
    private static final long serialVersionUID = 1L;

    public static final String RULE = "client_crash";

    private final Set<String> crashErrorTypes;

    public CrashAlertRule(List<String> crashErrorTypes) {
        this.crashErrorTypes = Set.copyOf(crashErrorTypes);
    }

    @Override
    public void flatMap(GameEvent e, Collector<Alert> out) {
        if (e.eventType != EventType.ERROR_OCCURRED || e.errorType == null || !crashErrorTypes.contains(e.errorType)) {
            return;
        }
        Alert a = Alert.of(RULE, e.eventId, RULE + "|" + e.serverId).onOneEventAt(e.timestampMs);
        a.title = "Client " + e.errorType + " on " + e.serverId;
        a.summary = "Player " + e.userId + " (" + e.platform + ", client " + e.clientVersion + ") reported "
                + e.errorType + " on server " + e.serverId;
        a.userId = e.userId;
        a.serverId = e.serverId;
        a.platform = e.platform;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("event_id", e.eventId);
        details.put("error_type", e.errorType);
        details.put("session_id", e.sessionId);
        details.put("client_version", e.clientVersion);
        a.detailsJson = AlertJson.details(details);
        out.collect(a);
    }
}
