package io.playpulse;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.config.PlayPulseOptions.DEDUP_HORIZON;
import static io.playpulse.config.PlayPulseOptions.OUT_OF_ORDERNESS;
import static io.playpulse.config.PlayPulseOptions.SOURCE_IDLENESS;

import io.playpulse.alert.Alert;
import io.playpulse.alert.CountAlerts;
import io.playpulse.churn.ChurnGraph;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.detect.DetectGraph;
import io.playpulse.events.Deduplicator;
import io.playpulse.events.EventTimeWatermarks;
import io.playpulse.events.GameEvent;
import io.playpulse.events.GameEventTypeInfo;
import io.playpulse.events.IngestedRecord;
import io.playpulse.events.LatenessClassifier;
import io.playpulse.events.RejectRouter;
import io.playpulse.events.RejectedRecord;
import io.playpulse.kpi.KpiGraph;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.PlayerActivity;
import io.playpulse.server.ServerHealthGraph;
import io.playpulse.server.ServerHealthMinute;
import io.playpulse.sink.Outputs;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole PlayPulse job graph, in one place. It takes its source and outputs as arguments, so
 * production wires Kafka and ClickHouse and tests wire what they need. Every operator has a stable
 * uid: savepoints map state by it, so never change one without a migration plan.
 */
public final class PlayPulseWorkflow {
    private PlayPulseWorkflow() {}

    /**
     * How much of the graph to build. Each stage includes the ones before it; production runs
     * {@link #CHURN}, the whole job. The benchmark runs each in turn, so a slowdown points at its stage.
     */
    public enum Stage {
        /** Parse, lateness, dead letters, de-duplication, game_events. */
        INGEST,
        /** + the player function and every KPI table. */
        KPIS,
        /** + CEP patterns, rules and alerts. */
        DETECTION,
        /** + churn scoring and its alerts: the whole job. */
        CHURN
    }

    /** The whole job. */
    public static void define(
            StreamExecutionEnvironment env,
            PlayPulseConfig config,
            Source<IngestedRecord, ?, ?> source,
            Outputs outputs) {
        define(env, config, source, outputs, Stage.CHURN);
    }

    /** The job up to and including {@code upTo}. */
    public static void define(
            StreamExecutionEnvironment env,
            PlayPulseConfig config,
            Source<IngestedRecord, ?, ?> source,
            Outputs outputs,
            Stage upTo) {

        // Ingest: parse in the source, watermarks per partition, lateness judged per partition.
        SingleOutputStreamOperator<GameEvent> valid = env
                .fromSource(source, EventTimeWatermarks.strategy(config.get(OUT_OF_ORDERNESS), config.get(SOURCE_IDLENESS)),
                        "game-events")
                .uid("source-game-events")
                .process(new LatenessClassifier(config.get(OUT_OF_ORDERNESS), config.get(ALLOWED_LATENESS)))
                .name("classify-lateness")
                .uid("classify-lateness")
                .process(new RejectRouter())
                .returns(GameEventTypeInfo.INSTANCE)
                .name("route-rejects")
                .uid("route-rejects");

        DataStream<RejectedRecord> rejected = valid.getSideOutput(RejectRouter.REJECTED);
        rejected.sinkTo(outputs.deadLetterTopic()).name("dead-letter-topic").uid("sink-dead-letter-topic");
        rejected.sinkTo(outputs.table(RejectedRecord.TABLE)).name("rejected-events-table").uid("sink-rejected-events");

        // The one shuffle of whole events: by player, for de-duplication and the per-player state after it.
        KeySelector<GameEvent, Long> byPlayer = e -> e.userId;
        DataStream<GameEvent> events = valid
                .keyBy(byPlayer)
                .process(new Deduplicator(config.get(DEDUP_HORIZON)))
                .name("deduplicate")
                .uid("deduplicate");

        // 1. Every clean event, late ones included, to game_events.
        events.sinkTo(outputs.table(GameEvent.TABLE)).name("game-events-table").uid("sink-game-events");
        if (upTo == Stage.INGEST) {
            return;
        }

        // 2. KPIs, from the events within the allowed lateness.
        KeyedStream<GameEvent, Long> onTime = DataStreamUtils.reinterpretAsKeyedStream(
                events.filter(e -> !e.late).name("drop-late").uid("drop-late"), byPlayer);
        SingleOutputStreamOperator<ActivityFact> activity = onTime
                .process(new PlayerActivity(PlayerActivity.Settings.from(config)))
                .name("player-activity")
                .uid("player-activity");
        KpiGraph.define(activity, config, outputs);
        DataStream<ServerHealthMinute> serverHealth = ServerHealthGraph.define(onTime, config, outputs);
        if (upTo == Stage.KPIS) {
            return;
        }

        // 3. Alerts, to the paging topic and to ClickHouse.
        DataStream<Alert> alerts = DetectGraph.define(events, onTime, activity, serverHealth, config);

        // 4. Churn: scores at session ends and midnights, to churn_predictions; high risk alerts too.
        if (upTo == Stage.CHURN) {
            alerts = alerts.union(ChurnGraph.define(
                    activity.getSideOutput(PlayerActivity.CHURN_OBSERVATIONS), config, outputs));
        }
        alerts = alerts.map(new CountAlerts()).name("count-alerts").uid("count-alerts");
        alerts.sinkTo(outputs.alertsTopic()).name("alerts-topic").uid("sink-alerts-topic");
        alerts.sinkTo(outputs.table(Alert.TABLE)).name("alerts-table").uid("sink-alerts-table");
    }
}
