package io.playpulse.churn;

import io.playpulse.alert.Alert;
import io.playpulse.alert.AlertJson;
import io.playpulse.player.ChurnFeatures;
import io.playpulse.player.ChurnObservation;
import io.playpulse.player.PlayerProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by player: scores each observation with the configured model (read once, at start, so a
 * restart with another model file keeps every player's state and scores with the new one), and
 * sends high-risk players to the retention team as an info alert, at most one per player per day.
 * Without a model it still writes the features, for the trainer.
 */
public class ChurnScorer extends KeyedProcessFunction<Long, ChurnObservation, ChurnPrediction> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Alert> ALERTS = new OutputTag<>("churn-alerts") {};
    public static final String RULE = "churn_risk";
    static final long DAY = PlayerProfile.DAY;

    private final String modelPath;
    private transient ChurnModel model;
    private transient ValueState<Long> lastAlertDay;

    public ChurnScorer(String modelPath) {
        this.modelPath = modelPath;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        model = modelPath == null || modelPath.isBlank() ? null : ChurnModel.read(Path.of(modelPath));
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("last-churn-alert-day", Types.LONG);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(2)).build());
        lastAlertDay = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ChurnObservation o, Context ctx, Collector<ChurnPrediction> out) throws Exception {
        ChurnPrediction p = new ChurnPrediction();
        p.userId = o.userId;
        p.predictedAtMs = o.observedAtMs;
        p.trigger = o.trigger;
        p.serverId = o.serverId;
        p.platform = o.platform;
        p.features = o.features;
        p.modelVersion = model == null ? "" : model.version();
        if (model != null) {
            double probability = model.probability(o.features);
            p.churnProbability = probability;
            p.riskLevel = ChurnModel.riskLevel(probability);
            long day = Math.floorDiv(o.observedAtMs, DAY);
            Long alerted = lastAlertDay.value();
            if ("high".equals(p.riskLevel) && (alerted == null || alerted < day)) {
                lastAlertDay.update(day);
                ctx.output(ALERTS, alert(o, probability, day));
            }
        }
        out.collect(p);
    }

    private Alert alert(ChurnObservation o, double probability, long day) {
        Alert a = Alert.of(RULE, o.userId + "|" + day, RULE + "|" + o.userId);
        a.title = "Player " + o.userId + " is likely to churn (" + Math.round(probability * 100) + "%)";
        a.summary = "Churn model " + model.version() + " gives player " + o.userId + " a churn probability of "
                + Math.round(probability * 1000) / 1000.0 + " at " + o.trigger.replace('_', ' ') + ".";
        a.userId = o.userId;
        a.serverId = o.serverId;
        a.platform = o.platform;
        a.windowStartMs = day * DAY;
        a.windowEndMs = (day + 1) * DAY;
        a.firstEventTimeMs = o.observedAtMs;
        a.lastEventTimeMs = o.observedAtMs;
        a.eventCount = 1;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("churn_probability", probability);
        details.put("model_version", model.version());
        details.put("trigger", o.trigger);
        for (int i = 0; i < o.features.length; i++) {
            details.put(ChurnFeatures.NAMES.get(i), o.features[i]);
        }
        a.detailsJson = AlertJson.details(details);
        return a;
    }
}
