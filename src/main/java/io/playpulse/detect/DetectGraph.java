package io.playpulse.detect;

import static io.playpulse.config.PlayPulseOptions.ACTIONS_LIMIT;
import static io.playpulse.config.PlayPulseOptions.ALERT_SUPPRESSION;
import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.config.PlayPulseOptions.BASELINE_WINDOWS;
import static io.playpulse.config.PlayPulseOptions.CCU_FLOOR;
import static io.playpulse.config.PlayPulseOptions.CRASH_ERROR_TYPES;
import static io.playpulse.config.PlayPulseOptions.CRASH_SPIKE_COUNT;
import static io.playpulse.config.PlayPulseOptions.HIGH_VALUE_DEFAULT;
import static io.playpulse.config.PlayPulseOptions.LOGOUT_SURGE_FACTOR;
import static io.playpulse.config.PlayPulseOptions.LOGOUT_SURGE_MIN;
import static io.playpulse.config.PlayPulseOptions.MAX_DAMAGE;
import static io.playpulse.config.PlayPulseOptions.REPEATED_SKILL_LIMIT;
import static io.playpulse.config.PlayPulseOptions.REVENUE_DROP_FRACTION;
import static io.playpulse.config.PlayPulseOptions.REVENUE_DROP_MIN_TRANSACTIONS;
import static io.playpulse.config.PlayPulseOptions.SERVER_HEALTH_ERROR_RATE;
import static io.playpulse.config.PlayPulseOptions.SERVER_HEALTH_MINUTES;
import static io.playpulse.config.PlayPulseOptions.SERVER_HEALTH_P95_MS;
import static io.playpulse.config.PlayPulseOptions.SKILL_BURST_COUNT;
import static io.playpulse.config.PlayPulseOptions.SKILL_BURST_WINDOW;

import io.playpulse.alert.Alert;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.FactKind;
import io.playpulse.server.ServerHealthMinute;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * The detection part of the job graph: per-event rules, CEP macro and bot patterns with
 * suppression, and the bucketed rules over servers, currencies and the whole game. Returns every
 * alert, for the paging topic and the alerts table.
 */
public final class DetectGraph {
    /** The uid of the gate in front of the counting patterns (savepoints and their migration name it). */
    public static final String DENSE_STRETCHES = "cep-dense-stretches";

    private DetectGraph() {}

    /**
     * @param events every distinct event, late ones included (per-event rules never miss one)
     * @param onTime the events within the allowed lateness, keyed by player
     * @param facts the players' activity facts (presence, for the concurrent-players floor)
     * @param serverHealth the rows of kpi_server_health_minute, for the server-health alert
     */
    public static DataStream<Alert> define(DataStream<GameEvent> events, KeyedStream<GameEvent, Long> onTime,
            DataStream<ActivityFact> facts, DataStream<ServerHealthMinute> serverHealth, PlayPulseConfig config) {
        DataStream<Alert> alerts = events.flatMap(new CrashAlertRule(config.get(CRASH_ERROR_TYPES)))
                .name("rule-client-crash")
                .uid("rule-client-crash")
                .union(events.flatMap(new HighValuePaymentRule(config.get(HIGH_VALUE_DEFAULT), config.highValueThresholds()))
                        .name("rule-high-value-payment")
                        .uid("rule-high-value-payment"));
        alerts = alerts.union(macroAndBots(onTime, config));
        alerts = alerts.union(serverHealth
                .keyBy(row -> row.serverId)
                .process(new ServerHealthRule(config.get(SERVER_HEALTH_P95_MS), config.get(SERVER_HEALTH_ERROR_RATE),
                        config.get(SERVER_HEALTH_MINUTES), config.get(ALERT_SUPPRESSION), config.get(ALLOWED_LATENESS)))
                .name("rule-server-health")
                .uid("rule-server-health"));
        return alerts.union(bucketed(onTime, facts, config));
    }

    private static DataStream<Alert> macroAndBots(KeyedStream<GameEvent, Long> onTime, PlayPulseConfig config) {
        return detections(onTime, config)
                .keyBy(Detection::dedupKey)
                .process(new AlertSuppressor(config.get(ALERT_SUPPRESSION)))
                .name("suppress-player-alerts")
                .uid("suppress-player-alerts");
    }

    /** The four CEP patterns over the players' on-time events: one {@link Detection} per match. */
    public static DataStream<Detection> detections(KeyedStream<GameEvent, Long> onTime, PlayPulseConfig config) {
        // CEP drops events behind its watermark: hold it back by the lateness so late events still match.
        // Every pattern reads player actions only, and only a few of their fields.
        KeyedStream<GameEvent, Long> players = DataStreamUtils.reinterpretAsKeyedStream(
                onTime.transform("hold-watermark-for-cep", TypeInformation.of(GameEvent.class),
                                new DelayWatermarks<GameEvent>(config.get(ALLOWED_LATENESS)))
                        .uid("hold-watermark-for-cep")
                        .filter(e -> MacroRules.ACTIONS.contains(e.eventType))
                        .name("cep-actions")
                        .uid("cep-actions")
                        .map(MacroRules::patternFields)
                        .name("cep-pattern-fields")
                        .uid("cep-pattern-fields"),
                e -> e.userId);
        // Each pattern sees only the events it can match: CEP buffers every event it is given. The
        // counting patterns see only the events of stretches dense enough to match (one gate for the
        // three); the repeated-skill pattern's, of one skill.
        List<DenseStretch> stretches = denseStretches(config);
        DenseStretchGate gate = new DenseStretchGate(stretches);
        SingleOutputStreamOperator<GameEvent> dense = players
                .transform(DENSE_STRETCHES, TypeInformation.of(GameEvent.class), gate)
                .uid(DENSE_STRETCHES);
        long maxDamage = config.get(MAX_DAMAGE);
        FilterFunction<GameEvent> hits = e -> MacroRules.damage(e) > maxDamage;
        return detect(denseFor(dense, gate, stretches, MacroRules.SKILL_BURST), MacroRules.SKILL_BURST,
                        MacroRules.skillBurst(config.get(SKILL_BURST_COUNT), config.get(SKILL_BURST_WINDOW)))
                .union(detect(denseFor(dense, gate, stretches, MacroRules.REPEATED_SKILL), MacroRules.REPEATED_SKILL,
                        MacroRules.repeatedSkill(config.get(REPEATED_SKILL_LIMIT))))
                .union(detect(denseFor(dense, gate, stretches, MacroRules.ACTION_RATE), MacroRules.ACTION_RATE,
                        MacroRules.actionRate(config.get(ACTIONS_LIMIT))))
                .union(detect(only(players, hits, MacroRules.ABNORMAL_DAMAGE),
                        MacroRules.ABNORMAL_DAMAGE, MacroRules.abnormalDamage(maxDamage)));
    }

    /**
     * What the three counting patterns need to see, in the order of their bits in the gate's state:
     * reordering them needs a savepoint migration.
     */
    public static List<DenseStretch> denseStretches(PlayPulseConfig config) {
        FilterFunction<Action> skills = a -> a.eventType == EventType.SKILL_USE;
        FilterFunction<Action> namedSkills = a -> a.eventType == EventType.SKILL_USE && a.skillId != null;
        FilterFunction<Action> actions = a -> MacroRules.ACTIONS.contains(a.eventType);
        return List.of(
                DenseStretch.of(MacroRules.SKILL_BURST, skills, config.get(SKILL_BURST_COUNT), config.get(SKILL_BURST_WINDOW)),
                DenseStretch.of(MacroRules.REPEATED_SKILL, namedSkills, MacroRules.moreThan(config.get(REPEATED_SKILL_LIMIT)),
                        MacroRules.PER_MINUTE).groupedBy(a -> a.skillId),
                DenseStretch.of(MacroRules.ACTION_RATE, actions, MacroRules.moreThan(config.get(ACTIONS_LIMIT)), MacroRules.PER_MINUTE));
    }

    private static KeyedStream<GameEvent, Long> only(KeyedStream<GameEvent, Long> players, FilterFunction<GameEvent> which,
            String rule) {
        return DataStreamUtils.reinterpretAsKeyedStream(
                players.filter(which).name("cep-input-" + rule).uid("cep-input-" + rule), e -> e.userId);
    }

    /**
     * The events the gate passed to the stretch of {@code rule}, with the watermark held back by the
     * stretch's window, so that CEP takes none of them for late.
     */
    private static KeyedStream<GameEvent, Long> denseFor(SingleOutputStreamOperator<GameEvent> dense, DenseStretchGate gate,
            List<DenseStretch> stretches, String rule) {
        DenseStretch stretch = stretches.stream().filter(s -> s.rule().equals(rule)).findFirst().orElseThrow();
        DataStream<GameEvent> passed = dense.getSideOutput(stretch.output());
        Duration hold = gate.extraHold(stretch);
        if (!hold.isZero()) {
            passed = passed.transform("cep-hold-" + stretch.rule(), TypeInformation.of(GameEvent.class), new DelayWatermarks<GameEvent>(hold))
                    .uid("cep-hold-" + stretch.rule());
        }
        return DataStreamUtils.reinterpretAsKeyedStream(passed, e -> e.userId);
    }

    private static DataStream<Detection> detect(KeyedStream<GameEvent, Long> input, String rule, Pattern<GameEvent, ?> pattern) {
        return CEP.pattern(input, pattern)
                .inEventTime()
                .process(new MacroMatch(rule), TypeInformation.of(Detection.class))
                .name("cep-" + rule)
                .uid("cep-" + rule);
    }

    private static DataStream<Alert> bucketed(KeyedStream<GameEvent, Long> onTime, DataStream<ActivityFact> facts,
            PlayPulseConfig config) {
        Set<String> crashTypes = Set.copyOf(config.get(CRASH_ERROR_TYPES));
        DataStream<Alert> crashSpikes = onTime
                .filter(e -> e.eventType == EventType.ERROR_OCCURRED && e.errorType != null && crashTypes.contains(e.errorType))
                .name("crashes")
                .uid("crashes")
                .map(e -> BucketInput.of(e.serverId, e.timestampMs, 1, 1))
                .name("crashes-per-server")
                .uid("crashes-per-server")
                .keyBy(in -> in.key)
                .process(new CrashSpikeRule(config.get(CRASH_SPIKE_COUNT), config.get(ALLOWED_LATENESS)))
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
                .process(new LogoutSurgeRule(config.get(LOGOUT_SURGE_FACTOR), config.get(LOGOUT_SURGE_MIN), config.get(BASELINE_WINDOWS),
                        config.get(ALLOWED_LATENESS)))
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
                .process(new RevenueDropRule(config.get(REVENUE_DROP_FRACTION), config.get(REVENUE_DROP_MIN_TRANSACTIONS),
                        config.get(BASELINE_WINDOWS), config.get(ALLOWED_LATENESS)))
                .name("rule-revenue-drop")
                .uid("rule-revenue-drop");
        DataStream<Alert> all = crashSpikes.union(logoutSurges, revenueDrops);
        if (config.get(CCU_FLOOR) > 0) {
            all = all.union(facts
                    .filter(f -> f.kind == FactKind.PRESENCE)
                    .name("presence")
                    .uid("presence")
                    .map(f -> BucketInput.of(CcuFloorRule.ALL, f.timestampMs, f.delta, 0))
                    .name("presence-overall")
                    .uid("presence-overall")
                    .keyBy(in -> in.key)
                    .process(new CcuFloorRule(config.get(CCU_FLOOR), config.get(ALLOWED_LATENESS)))
                    .name("rule-ccu-floor")
                    .uid("rule-ccu-floor"));
        }
        return all;
    }
}
