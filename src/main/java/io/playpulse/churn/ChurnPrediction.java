package io.playpulse.churn;

import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.player.ChurnFeatures;

/** One row of churn_predictions. Probability and risk are null when no model is configured. A Flink POJO. */
public class ChurnPrediction {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<ChurnPrediction> TABLE = ClickHouseTable.<ChurnPrediction>named("churn_predictions")
            .int64("user_id", p -> p.userId)
            .int64("predicted_at_ms", p -> p.predictedAtMs)
            .string("trigger", p -> p.trigger)
            .string("server_id", p -> p.serverId)
            .string("platform", p -> p.platform)
            .float64("churn_probability", p -> p.churnProbability)
            .string("risk_level", p -> p.riskLevel)
            .string("model_version", p -> p.modelVersion)
            .float64s(ChurnFeatures.NAMES, p -> p.features)
            .versioned();

    public long userId;
    public long predictedAtMs;
    public String trigger;
    public String serverId;
    public String platform;
    public Double churnProbability;
    public String riskLevel;
    public String modelVersion;
    public double[] features;

    public ChurnPrediction() {}
}
