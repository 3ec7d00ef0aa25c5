package io.playpulse.events;

import java.util.Objects;

/**
 * A valid player action: the contract's fields plus the typed properties PlayPulse extracts, so
 * that ClickHouse never parses JSON. A Flink POJO (public fields, no-arg constructor): null means
 * the property was absent.
 */
public class GameEvent {
    public String eventId;
    public EventType eventType;
    public long userId;
    public String sessionId;
    public long timestampMs;
    public String serverId;
    public String platform;
    public String clientVersion;
    public String schemaVersion;
    /** The original properties object as JSON text, unknown fields included. */
    public String properties;

    // Money, in minor units.
    public Long price;
    public Long amount;
    public String currency;
    public String itemId;
    public Long itemMarketPrice;
    public Long goldChange;

    // Gameplay.
    public String skillId;
    public Long damage;
    public Integer level;
    public Integer fromLevel;
    public Integer toLevel;
    public Double timeSpentMinutes;
    public Long defenderId;
    public String battleResult;
    public String weaponId;
    public Long damageDealt;
    public Long damageReceived;

    // Client health and experiments.
    public String errorType;
    public Double responseTimeMs;
    public String abTestGroup;

    /** More than the allowed lateness behind its partition's watermark: stored, left out of KPIs. */
    public boolean late;

    public GameEvent() {}

    /** The revenue this event carries in minor units: ITEM_PURCHASE price or PAYMENT amount. */
    public long revenueMinorUnits() {
        if (eventType == EventType.ITEM_PURCHASE && price != null) {
            return price;
        }
        if (eventType == EventType.PAYMENT && amount != null) {
            return amount;
        }
        return 0L;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GameEvent e)) {
            return false;
        }
        return userId == e.userId
                && timestampMs == e.timestampMs
                && late == e.late
                && Objects.equals(eventId, e.eventId)
                && eventType == e.eventType
                && Objects.equals(sessionId, e.sessionId)
                && Objects.equals(serverId, e.serverId)
                && Objects.equals(platform, e.platform)
                && Objects.equals(clientVersion, e.clientVersion)
                && Objects.equals(schemaVersion, e.schemaVersion)
                && Objects.equals(properties, e.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, eventType, userId, timestampMs);
    }

    @Override
    public String toString() {
        return eventType + "{id=" + eventId + ", user=" + userId + ", ts=" + timestampMs + ", server=" + serverId
                + ", platform=" + platform + (late ? ", late" : "") + ", properties=" + properties + "}";
    }
}
