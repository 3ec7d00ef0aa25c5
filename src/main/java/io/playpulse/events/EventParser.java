package io.playpulse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;

/**
 * Parses and validates one record against the event contract (README, "Event contract"). Either
 * returns a {@link GameEvent} with its typed properties or throws {@link InvalidEventException}
 * with the reason; it never throws anything else, whatever the bytes.
 */
public final class EventParser implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int MAX_ID_LENGTH = 128;

    private static final ObjectReader JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();

    private final int maxPayloadBytes;
    private final long maxAgeMs;
    private final long maxFutureMs;

    public EventParser(int maxPayloadBytes, Duration maxAge, Duration maxFuture) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxAgeMs = maxAge.toMillis();
        this.maxFutureMs = maxFuture.toMillis();
    }

    /** Parses {@code payload}; {@code nowMs} is the wall clock that the timestamp horizons are measured from. */
    public GameEvent parse(byte[] payload, long nowMs) throws InvalidEventException {
        if (payload == null || payload.length == 0) {
            throw new InvalidEventException(RejectReason.NOT_JSON, "empty record");
        }
        if (payload.length > maxPayloadBytes) {
            throw new InvalidEventException(
                    RejectReason.PAYLOAD_TOO_LARGE, payload.length + " bytes, limit " + maxPayloadBytes);
        }
        JsonNode root = readJson(payload);
        if (!root.isObject()) {
            throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "top-level JSON is " + root.getNodeType());
        }

        GameEvent e = new GameEvent();
        e.eventId = requiredText(root, "event_id");
        e.eventType = eventType(root);
        e.userId = userId(root);
        e.sessionId = requiredText(root, "session_id");
        e.timestampMs = timestamp(root, nowMs);
        e.serverId = requiredText(root, "server_id");
        e.platform = requiredText(root, "platform");
        e.clientVersion = optionalText(root, "client_version", "client_version");
        e.schemaVersion = schemaVersion(root);

        JsonNode props = root.get("properties");
        if (props == null || props.isNull()) {
            e.properties = "{}";
        } else if (props.isObject()) {
            e.properties = props.toString();
            extractProperties(props, e);
        } else {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "properties must be an object");
        }
        requireMoneyFields(e);
        return e;
    }

    private static JsonNode readJson(byte[] payload) throws InvalidEventException {
        try {
            JsonNode root = JSON.readTree(payload);
            if (root == null || root.isMissingNode()) {
                throw new InvalidEventException(RejectReason.NOT_JSON, "no JSON value");
            }
            return root;
        } catch (JsonProcessingException ex) {
            throw new InvalidEventException(RejectReason.NOT_JSON, firstLine(ex.getOriginalMessage()));
        } catch (IOException ex) {
            throw new InvalidEventException(RejectReason.NOT_JSON, firstLine(ex.getMessage()));
        }
    }

    private static EventType eventType(JsonNode root) throws InvalidEventException {
        JsonNode node = present(root, "event_type");
        EventType type;
        if (node.isTextual()) {
            if (node.textValue().isBlank()) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, "event_type is empty");
            }
            type = EventType.fromName(node.textValue());
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            type = EventType.fromCode(node.longValue());
        } else {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "event_type must be a name or an integer code");
        }
        if (type == null) {
            throw new InvalidEventException(RejectReason.UNKNOWN_EVENT_TYPE, "event_type " + abbreviate(node.asText()));
        }
        return type;
    }

    private static long userId(JsonNode root) throws InvalidEventException {
        long id = requiredLong(root, "user_id", "user_id");
        if (id <= 0) {
            throw new InvalidEventException(RejectReason.INVALID_USER_ID, "user_id " + id + " is not positive");
        }
        return id;
    }

    private long timestamp(JsonNode root, long nowMs) throws InvalidEventException {
        long ts = requiredLong(root, "timestamp_ms", "timestamp_ms");
        if (ts > nowMs + maxFutureMs) {
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_IN_FUTURE, "timestamp_ms " + ts + " is " + (ts - nowMs) + " ms ahead");
        }
        if (ts <= 0 || ts < nowMs - maxAgeMs) {
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_TOO_OLD, "timestamp_ms " + ts + " is older than " + maxAgeMs + " ms");
        }
        return ts;
    }

    private static String schemaVersion(JsonNode root) throws InvalidEventException {
        JsonNode node = root.get("schema_version");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual() || node.isNumber()) {
            return limited(node.asText(), "schema_version");
        }
        throw new InvalidEventException(RejectReason.WRONG_TYPE, "schema_version must be a string or a number");
    }

    private static void extractProperties(JsonNode p, GameEvent e) throws InvalidEventException {
        e.price = optionalLong(p, "price");
        e.amount = optionalLong(p, "amount");
        e.currency = optionalText(p, "currency", "properties.currency");
        e.itemId = optionalText(p, "item_id", "properties.item_id");
        e.itemMarketPrice = optionalLong(p, "item_market_price");
        e.goldChange = optionalLong(p, "gold_change");
        e.skillId = optionalText(p, "skill_id", "properties.skill_id");
        e.damage = optionalLong(p, "damage");
        e.level = optionalInt(p, "level");
        e.fromLevel = optionalInt(p, "from_level");
        e.toLevel = optionalInt(p, "to_level");
        e.timeSpentMinutes = optionalDouble(p, "time_spent_minutes");
        e.defenderId = optionalLong(p, "defender_id");
        e.battleResult = optionalText(p, "battle_result", "properties.battle_result");
        e.weaponId = optionalText(p, "weapon_id", "properties.weapon_id");
        e.damageDealt = optionalLong(p, "damage_dealt");
        e.damageReceived = optionalLong(p, "damage_received");
        e.errorType = optionalText(p, "error_type", "properties.error_type");
        e.responseTimeMs = optionalDouble(p, "response_time_ms");
        e.abTestGroup = optionalText(p, "ab_test_group", "properties.ab_test_group");
        if (e.price != null && e.price < 0) {
            throw new InvalidEventException(RejectReason.NEGATIVE_AMOUNT, "properties.price " + e.price);
        }
        if (e.amount != null && e.amount < 0) {
            throw new InvalidEventException(RejectReason.NEGATIVE_AMOUNT, "properties.amount " + e.amount);
        }
    }

    /** Revenue KPIs need the amount and its currency; a purchase without them is not countable. */
    private static void requireMoneyFields(GameEvent e) throws InvalidEventException {
        if (e.eventType == EventType.ITEM_PURCHASE && e.price == null) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "properties.price is required for ITEM_PURCHASE");
        }
        if (e.eventType == EventType.PAYMENT && e.amount == null) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "properties.amount is required for PAYMENT");
        }
        if (e.eventType.isMoney() && (e.currency == null || e.currency.isBlank())) {
            throw new InvalidEventException(
                    RejectReason.MISSING_FIELD, "properties.currency is required for " + e.eventType);
        }
    }

    private static JsonNode present(JsonNode root, String field) throws InvalidEventException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, field + " is missing");
        }
        return node;
    }

    private static String requiredText(JsonNode root, String field) throws InvalidEventException {
        JsonNode node = present(root, field);
        if (!node.isTextual()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, field + " must be a string");
        }
        if (node.textValue().isBlank()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, field + " is empty");
        }
        return limited(node.textValue(), field);
    }

    private static String optionalText(JsonNode obj, String field, String path) throws InvalidEventException {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, path + " must be a string");
        }
        return limited(node.textValue(), path);
    }

    private static String limited(String value, String path) throws InvalidEventException {
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidEventException(
                    RejectReason.FIELD_TOO_LONG, path + " has " + value.length() + " chars, limit " + MAX_ID_LENGTH);
        }
        return value;
    }

    private static long requiredLong(JsonNode root, String field, String path) throws InvalidEventException {
        JsonNode node = present(root, field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, path + " must be a 64-bit integer");
        }
        return node.longValue();
    }

    private static Long optionalLong(JsonNode obj, String field) throws InvalidEventException {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "properties." + field + " must be an integer");
        }
        return node.longValue();
    }

    private static Integer optionalInt(JsonNode obj, String field) throws InvalidEventException {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "properties." + field + " must be a 32-bit integer");
        }
        return node.intValue();
    }

    private static Double optionalDouble(JsonNode obj, String field) throws InvalidEventException {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "properties." + field + " must be a number");
        }
        return node.doubleValue();
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unparseable";
        }
        int nl = message.indexOf('\n');
        return abbreviate(nl < 0 ? message : message.substring(0, nl));
    }
}
