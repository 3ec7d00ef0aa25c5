package io.playpulse.detect;

import io.playpulse.alert.Alert;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.kpi.ActivityFact;
import io.playpulse.kpi.FactKind;
import io.playpulse.kpi.ServerHealthMinute;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;

/**
 * The detection part of the job graph: per-event rules, CEP macro and bot patterns with
 * suppression, and the bucketed rules over servers, currencies and the whole game. Returns every
 * alert, for the paging topic and the alerts table.
 */
public final class DetectGraph {
    private DetectGraph() {}

    /**
     * @param events every distinct event, late ones included (per-event rules never miss one)
     * @param onTime the events within the allowed lateness, keyed by player
     * @param facts the players' activity facts (presence, for the concurrent-players floor)
     * @param serverHealth the rows of kpi_server_health_minute, for the server-health alert
     */
    public static DataStream<Alert> define(DataStream<GameEvent> events, KeyedStream<GameEvent, Long> onTime,
            DataStream<ActivityFact> facts, DataStream<ServerHealthMinute> serverHealth, PlayPulseConfig config) {
        DataStream<Alert> alerts = events.flatMap(new CrashAlertRule(config.crashErrorTypes))
                .name("rule-client-crash")
                .uid("rule-client-crash")
                .union(events.flatMap(new HighValuePaymentRule(config.highValueDefault, config.highValueThresholds))
                        .name("rule-high-value-payment")
                        .uid("rule-high-value-payment"));
        alerts = alerts.union(macroAndBots(onTime, config));
        alerts = alerts.union(serverHealth
                .keyBy(row -> row.serverId)
                .process(new ServerHealthRule(config.serverHealthP95Ms, config.serverHealthErrorRate,
                        config.serverHealthMinutes, config.alertSuppression, config.allowedLateness))
                .name("rule-server-health")
                .uid("rule-server-health"));
        return alerts.union(bucketed(onTime, facts, config));
    }

    private static DataStream<Alert> macroAndBots(KeyedStream<GameEvent, Long> onTime, PlayPulseConfig config) {
        return detections(onTime, config)
                .keyBy(Detection::dedupKey)
                .process(new AlertSuppressor(config.alertSuppression))
                .name("suppress-player-alerts")
                .uid("suppress-player-alerts");
    }

    /** The four CEP patterns over the players' on-time events: one {@link Detection} per match. */
    public static DataStream<Detection> detections(KeyedStream<GameEvent, Long> onTime, PlayPulseConfig config) {
        // CEP drops events behind its watermark: hold it back by the lateness so late events still match.
        // Every pattern reads player actions only, and only a few of their fields.
        KeyedStream<GameEvent, Long> players = DataStreamUtils.reinterpretAsKeyedStream(
                onTime.transform("hold-watermark-for-cep", TypeInformation.of(GameEvent.class),
                                new DelayWatermarks<GameEvent>(config.allowedLateness))
                        .uid("hold-watermark-for-cep")
                        .filter(e -> MacroRules.ACTIONS.contains(e.eventType))
                        .name("cep-actions")
                        .uid("cep-actions")
                        .map(MacroRules::patternFields)
                        .name("cep-pattern-fields")
                        .uid("cep-pattern-fields"),
                e -> e.userId);
        // Each pattern sees only the events it can match: CEP buffers every event it is given.
        FilterFunction<GameEvent> skills = e -> e.eventType == EventType.SKILL_USE;
        FilterFunction<GameEvent> actions = e -> MacroRules.ACTIONS.contains(e.eventType);
        long maxDamage = config.maxDamage;
        FilterFunction<GameEvent> hits = e -> MacroRules.damage(e) > maxDamage;
        return detect(players, skills, MacroRules.SKILL_BURST,
                        MacroRules.skillBurst(config.skillBurstCount, config.skillBurstWindow))
                .union(detect(players, skills, MacroRules.REPEATED_SKILL, MacroRules.repeatedSkill(config.repeatedSkillLimit)))
                .union(detect(players, actions, MacroRules.ACTION_RATE, MacroRules.actionRate(config.actionsLimit)))
                .union(detect(players, hits, MacroRules.ABNORMAL_DAMAGE, MacroRules.abnormalDamage(config.maxDamage)));
    }

    private static DataStream<Detection> detect(KeyedStream<GameEvent, Long> players, FilterFunction<GameEvent> which,
            String rule, Pattern<GameEvent, ?> pattern) {
        KeyedStream<GameEvent, Long> input = DataStreamUtils.reinterpretAsKeyedStream(
                players.filter(which).name("cep-input-" + rule).uid("cep-input-" + rule), e -> e.userId);
        return CEP.pattern(input, pattern)
                .inEventTime()
                .process(new MacroMatch(rule), TypeInformation.of(Detection.class))
                .name("cep-" + rule)
                .uid("cep-" + rule);
    }

    private static DataStream<Alert> bucketed(KeyedStream<GameEvent, Long> onTime, DataStream<ActivityFact> facts,
            PlayPulseConfig config) {
        Set<String> crashTypes = Set.copyOf(config.crashErrorTypes);
        DataStream<Alert> crashSpikes = onTime
                .filter(e -> e.eventType == EventType.ERROR_OCCURRED && e.errorType != null && crashTypes.contains(e.errorType))
                .name("crashes")
                .uid("crashes")
                .map(e -> BucketInput.of(e.serverId, e.timestampMs, 1, 1))
                .name("crashes-per-server")
                .uid("crashes-per-server")
                .keyBy(in -> in.key)
                .process(new CrashSpikeRule(config.crashSpikeCount, config.allowedLateness))
                .name("rule-crash-spike")
                .uid("rule-crash-spike");
        DataStream<Alert> logoutSurges = onTime
                .filter(e -> e.eventType == EventType.USER_LOGOUT)
                .name("logouts")
                .uid("logouts")
                .flatMap((GameEvent e, Collector<BucketInput> out) -> {
                    out.collect(BucketInput.of(e.serverId, e.timestampMs, 1, 1));
                    out.collect(BucketInput.of(LogoutSurgeRule.ALL, e.timestampMs, 1, 1));
                })
                .returns(BucketInput.class)
                .name("logouts-per-server-and-all")
                .uid("logouts-per-server-and-all")
                .keyBy(in -> in.key)
                .process(new LogoutSurgeRule(config.logoutSurgeFactor, config.logoutSurgeMin, config.baselineWindows,
                        config.allowedLateness))
                .name("rule-logout-surge")
                .uid("rule-logout-surge");
        DataStream<Alert> revenueDrops = onTime
                .filter(e -> e.eventType.isMoney())
                .name("payments")
                .uid("payments")
                .map(e -> BucketInput.of(e.currency, e.timestampMs, e.revenueMinorUnits(), 1))
                .name("revenue-per-currency")
                .uid("revenue-per-currency")
                .keyBy(in -> in.key)
                .process(new RevenueDropRule(config.revenueDropFraction, config.revenueDropMinTransactions,
                        config.baselineWindows, config.allowedLateness))
                .name("rule-revenue-drop")
                .uid("rule-revenue-drop");
        DataStream<Alert> all = crashSpikes.union(logoutSurges, revenueDrops);
        if (config.ccuFloor > 0) {
            all = all.union(facts
                    .filter(f -> f.kind == FactKind.PRESENCE)
                    .name("presence")
                    .uid("presence")
                    .map(f -> BucketInput.of(CcuFloorRule.ALL, f.timestampMs, f.delta, 0))
                    .name("presence-overall")
                    .uid("presence-overall")
                    .keyBy(in -> in.key)
                    .process(new CcuFloorRule(config.ccuFloor, config.allowedLateness))
                    .name("rule-ccu-floor")
                    .uid("rule-ccu-floor"));
        }
        return all;
    }
}
