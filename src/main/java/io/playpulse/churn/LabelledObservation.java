package io.playpulse.churn;

/** A player's features at a midnight, in {@link ChurnFeatures#NAMES} order, and whether the player then left. */
public record LabelledObservation(long userId, long observedAtMs, double[] features, boolean churned) {}
