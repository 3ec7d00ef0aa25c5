package io.playpulse.detect;

/**
 * A run of firings of one rule for one player, paged once. A Flink POJO: event times in ms.
 */
public class SuppressionEpisode {
    /** The event time of the first firing: the episode's identity. */
    public long startMs;
    /** Firings before this belong to the current window; then an update goes out if there were any. */
    public long windowEndMs;
    public long firstEventTimeMs;
    public long lastEventTimeMs;
    public long firings;
    public long firingsInWindow;
    public long events;
    public int updates;
    public String serverId;
    public String platform;
    public String detailsJson;

    public SuppressionEpisode() {}
}
