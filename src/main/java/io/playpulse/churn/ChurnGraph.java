package io.playpulse.churn;

import static io.playpulse.config.PlayPulseOptions.CHURN_MODEL;

import io.playpulse.alert.Alert;
import io.playpulse.clickhouse.TableSinks;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.player.ChurnObservation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The churn part of the job graph: score each observation, write it, alert the retention team. */
public final class ChurnGraph {
    private ChurnGraph() {}

    /** Returns the high-risk alerts. {@code observations} comes from the player function, still keyed by player. */
    public static DataStream<Alert> define(DataStream<ChurnObservation> observations, PlayPulseConfig config,
            TableSinks outputs) {
        SingleOutputStreamOperator<ChurnPrediction> predictions = DataStreamUtils
                .reinterpretAsKeyedStream(observations, o -> o.userId)
                .process(new ChurnScorer(config.get(CHURN_MODEL)))
                .name("churn-score")
                .uid("churn-score");
        predictions.sinkTo(outputs.table(ChurnPrediction.TABLE))
                .name("churn-predictions-table")
                .uid("sink-churn-predictions");
        return predictions.getSideOutput(ChurnScorer.ALERTS);
    }
}
