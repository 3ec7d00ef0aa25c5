package io.playpulse.player;

/** A player's features at a scoring point: a session's end, or a midnight. A Flink POJO. */
public class ChurnObservation {
    public static final String SESSION_END = "session_end";
    public static final String DAILY = "daily";

    public long userId;
    public long observedAtMs;
    public String trigger;
    public String serverId;
    public String platform;
    /** In {@link ChurnFeatures#NAMES} order. */
    public double[] features;

    public ChurnObservation() {}

    public static ChurnObservation of(long userId, PlayerProfile p, long observedAtMs, String trigger) {
        ChurnObservation o = new ChurnObservation();
        o.userId = userId;
        o.observedAtMs = observedAtMs;
        o.trigger = trigger;
        o.serverId = p.serverId;
        o.platform = p.platform;
        o.features = ChurnFeatures.of(p, observedAtMs);
        return o;
    }
}
