package io.playpulse.events;

import io.playpulse.clickhouse.ClickHouseTable;
import java.util.Objects;

/**
 * A valid player action: the contract's fields plus the typed properties PlayPulse extracts, so
 * that ClickHouse never parses JSON. A Flink POJO (public fields, no-arg constructor): null means
 * the property was absent.
 */
public class GameEvent {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<GameEvent> TABLE = ClickHouseTable.<GameEvent>named("game_events")
            .rowPerEvent()
            .string("event_id", e -> e.eventId)
            .string("event_type", e -> e.eventType.name())
            .int64("user_id", e -> e.userId)
            .string("session_id", e -> e.sessionId)
            .int64("timestamp_ms", e -> e.timestampMs)
            .string("server_id", e -> e.serverId)
            .string("platform", e -> e.platform)
            .string("client_version", e -> e.clientVersion)
            .string("schema_version", e -> e.schemaVersion)
            .int64("price", e -> e.price)
            .int64("amount", e -> e.amount)
            .string("currency", e -> e.currency)
            .string("item_id", e -> e.itemId)
            .int64("item_market_price", e -> e.itemMarketPrice)
            .int64("gold_change", e -> e.goldChange)
            .string("skill_id", e -> e.skillId)
            .int64("damage", e -> e.damage)
            .int32("level", e -> e.level)
            .int32("from_level", e -> e.fromLevel)
            .int32("to_level", e -> e.toLevel)
            .float64("time_spent_minutes", e -> e.timeSpentMinutes)
            .int64("defender_id", e -> e.defenderId)
            .string("battle_result", e -> e.battleResult)
            .string("weapon_id", e -> e.weaponId)
            .int64("damage_dealt", e -> e.damageDealt)
            .int64("damage_received", e -> e.damageReceived)
            .string("error_type", e -> e.errorType)
            .float64("response_time_ms", e -> e.responseTimeMs)
            .string("ab_test_group", e -> e.abTestGroup)
            .string("properties", e -> e.properties)
            .flag("is_late", e -> e.late)
            .versioned();

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
