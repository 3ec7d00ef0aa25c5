package io.playpulse.events;

/**
 * What the source emits for each Kafka record: either a valid {@link GameEvent} or a {@link
 * RejectedRecord}, never both. Carries the partition so lateness can be judged per partition.
 */
public class IngestedRecord {
    public GameEvent event;
    public RejectedRecord rejected;
    public String sourceTopic;
    public int sourcePartition;

    public IngestedRecord() {}

    public static IngestedRecord valid(GameEvent event, String topic, int partition) {
        IngestedRecord r = new IngestedRecord();
        r.event = event;
        r.sourceTopic = topic;
        r.sourcePartition = partition;
        return r;
    }

    public static IngestedRecord rejected(RejectedRecord rejected) {
        IngestedRecord r = new IngestedRecord();
        r.rejected = rejected;
        r.sourceTopic = rejected.sourceTopic;
        r.sourcePartition = rejected.sourcePartition;
        return r;
    }

    public boolean isValid() {
        return event != null;
    }
}
