package io.playpulse.server;

/**
 * One server's minute as one subtask saw it: events, errors and response-time buckets, sent to
 * {@link ServerHealthWindow} instead of every event. A Flink POJO.
 */
public class ServerHealthPartial {
    public String serverId;
    public long minuteStartMs;
    public long events;
    public long errors;
    /** Response-time buckets ({@link ResponseTimeSketch#bucket}), and how many values fell in each. */
    public long[] buckets = new long[0];
    public long[] bucketCounts = new long[0];

    public ServerHealthPartial() {}

}
