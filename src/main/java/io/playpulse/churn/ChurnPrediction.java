package io.playpulse.churn;

/** One row of churn_predictions. Probability and risk are null when no model is configured. A Flink POJO. */
public class ChurnPrediction {
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
