package io.playpulse.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Parses and validates one record against the event contract (docs/event-contract.md). Either
 * returns a {@link GameEvent} with its typed properties or throws {@link InvalidEventException}
 * with the reason; it never throws anything else, whatever the bytes.
 *
 * <p>One streaming pass, no tree: the typed properties are read on the way, and the properties
 * object is kept as the exact bytes the client sent.
 */
public final class EventParser implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int MAX_ID_LENGTH = 128;
    /**
     * The largest price or amount one event may carry, in minor units (a trillion: ten billion US
     * dollars in cents). Sums of a window's events stay far inside a long.
     */
    public static final long MAX_MONEY_MINOR_UNITS = 1_000_000_000_000L;

    private static final JsonFactory JSON = new JsonFactory();

    private final int maxPayloadBytes;
    private final long maxAgeMs;
    private final long maxFutureMs;

    public EventParser(int maxPayloadBytes, Duration maxAge, Duration maxFuture) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxAgeMs = maxAge.toMillis();
        this.maxFutureMs = maxFuture.toMillis();
    }

    /**
     * Parses {@code payload}; {@code nowMs} is the wall clock that the timestamp horizons are measured
     * from. Whatever the bytes, the only exception out of here is {@link InvalidEventException}: an
     * unexpected failure inside the parser is itself a rejection ({@link RejectReason#UNPARSEABLE}).
     */
    public GameEvent parse(byte[] payload, long nowMs) throws InvalidEventException {
        try {
            return parseUtf8Json(payload, nowMs);
        } catch (RuntimeException | StackOverflowError unexpected) {
            throw new InvalidEventException(RejectReason.UNPARSEABLE,
                    unexpected.getClass().getName() + ": " + firstLine(unexpected.getMessage()));
        }
    }

    private GameEvent parseUtf8Json(byte[] payload, long nowMs) throws InvalidEventException {
        if (payload == null || payload.length == 0) {
            throw new InvalidEventException(RejectReason.NOT_JSON, "empty record");
        }
        if (payload.length > maxPayloadBytes) {
            throw new InvalidEventException(
                    RejectReason.PAYLOAD_TOO_LARGE, payload.length + " bytes, limit " + maxPayloadBytes);
        }
        String otherEncoding = TextEncoding.detectNonUtf8(payload);
        if (otherEncoding != null) {
            throw new InvalidEventException(
                    RejectReason.UNSUPPORTED_ENCODING, "the record is " + otherEncoding + "; events must be UTF-8 JSON");
        }
        Fields fields = new Fields();
        // Jackson skips a UTF-8 byte order mark and still reports offsets into the whole array.
        try (JsonParser p = JSON.createParser(payload)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidEventException(RejectReason.NOT_JSON, "no JSON value");
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                requireEnd(p);
                throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "top-level JSON is " + describe(first));
            }
            readTopLevel(p, payload, fields);
            requireEnd(p);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(RejectReason.NOT_JSON, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.NOT_JSON, firstLine(e.getMessage()));
        }
        if (fields.failure != null) {
            throw fields.failure;
        }
        return fields.validate(nowMs, maxAgeMs, maxFutureMs);
    }

    private static void requireEnd(JsonParser p) throws IOException, InvalidEventException {
        if (p.nextToken() != null) {
            throw new InvalidEventException(RejectReason.NOT_JSON, "trailing content after the JSON value");
        }
    }

    /**
     * Reads every top-level field. A contract violation is remembered, not thrown, so that the
     * rest of the record is still checked for being JSON: malformed JSON always wins as the reason.
     */
    private static void readTopLevel(JsonParser p, byte[] payload, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "event_id" -> f.eventId = f.text(p, value, "event_id");
                case "event_type" -> f.eventType(p, value);
                case "user_id" -> f.userId = f.int64(p, value, "user_id");
                case "session_id" -> f.sessionId = f.text(p, value, "session_id");
                case "timestamp_ms" -> f.timestampMs = f.int64(p, value, "timestamp_ms");
                case "server_id" -> f.serverId = f.text(p, value, "server_id");
                case "platform" -> f.platform = f.text(p, value, "platform");
                case "client_version" -> f.clientVersion = f.text(p, value, "client_version");
                case "schema_version" -> f.schemaVersion(p, value);
                case "properties" -> f.properties(p, value, payload);
                default -> p.skipChildren();
            }
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
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

    /** The fields of one record while it is read, and the first contract violation found. */
    private static final class Fields {
        InvalidEventException failure;
        String eventId;
        EventType eventType;
        Long userId;
        String sessionId;
        Long timestampMs;
        String serverId;
        String platform;
        String clientVersion;
        String schemaVersion;
        String properties;
        final GameEvent typed = new GameEvent();

        void fail(RejectReason reason, String detail) {
            if (failure == null) {
                failure = new InvalidEventException(reason, detail);
            }
        }

        /** A string field; null when absent or JSON null. */
        String text(JsonParser p, JsonToken value, String path) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.VALUE_STRING) {
                p.skipChildren();
                fail(RejectReason.WRONG_TYPE, path + " must be a string");
                return null;
            }
            String s = p.getText();
            if (s.length() > MAX_ID_LENGTH) {
                fail(RejectReason.FIELD_TOO_LONG, path + " has " + s.length() + " chars, limit " + MAX_ID_LENGTH);
            } else if (TextEncoding.hasUnpairedSurrogate(s)) {
                fail(RejectReason.INVALID_STRING, path + " has an unpaired surrogate (not representable in UTF-8)");
            }
            return s;
        }

        Long int64(JsonParser p, JsonToken value, String path) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                p.skipChildren();
                fail(RejectReason.WRONG_TYPE, path + " must be a 64-bit integer");
                return null;
            }
            return p.getLongValue();
        }

        Integer int32(JsonParser p, JsonToken value, String path) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                p.skipChildren();
                fail(RejectReason.WRONG_TYPE, path + " must be a 32-bit integer");
                return null;
            }
            return p.getIntValue();
        }

        Double float64(JsonParser p, JsonToken value, String path) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                p.skipChildren();
                fail(RejectReason.WRONG_TYPE, path + " must be a number");
                return null;
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                fail(RejectReason.WRONG_TYPE, path + " must be a finite number");
                return null;
            }
            return d;
        }

        void eventType(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (value == JsonToken.VALUE_STRING) {
                String name = p.getText();
                if (name.isBlank()) {
                    fail(RejectReason.MISSING_FIELD, "event_type is empty");
                    return;
                }
                eventType = EventType.fromName(name);
                if (eventType == null) {
                    fail(RejectReason.UNKNOWN_EVENT_TYPE, "event_type " + abbreviate(name));
                }
            } else if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long code = p.getLongValue();
                eventType = EventType.fromCode(code);
                if (eventType == null) {
                    fail(RejectReason.UNKNOWN_EVENT_TYPE, "event_type " + code);
                }
            } else {
                p.skipChildren();
                fail(RejectReason.WRONG_TYPE, "event_type must be a name or an integer code");
            }
        }

        void schemaVersion(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT
                    || value == JsonToken.VALUE_NUMBER_FLOAT) {
                schemaVersion = p.getText();
                if (schemaVersion.length() > MAX_ID_LENGTH) {
                    fail(RejectReason.FIELD_TOO_LONG, "schema_version is too long");
                } else if (TextEncoding.hasUnpairedSurrogate(schemaVersion)) {
                    fail(RejectReason.INVALID_STRING, "schema_version has an unpaired surrogate");
                }
            } else if (value != JsonToken.VALUE_NULL) {
                p.skipChildren();
                fail(RejectReason.WRONG_TYPE, "schema_version must be a string or a number");
            }
        }

        /** Reads the typed properties and keeps the object's exact bytes. */
        void properties(JsonParser p, JsonToken value, byte[] payload) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                fail(RejectReason.WRONG_TYPE, "properties must be an object");
                return;
            }
            int start = (int) p.currentTokenLocation().getByteOffset();
            GameEvent e = typed;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "price" -> e.price = int64(p, v, "properties.price");
                    case "amount" -> e.amount = int64(p, v, "properties.amount");
                    case "currency" -> e.currency = text(p, v, "properties.currency");
                    case "item_id" -> e.itemId = text(p, v, "properties.item_id");
                    case "item_market_price" -> e.itemMarketPrice = int64(p, v, "properties.item_market_price");
                    case "gold_change" -> e.goldChange = int64(p, v, "properties.gold_change");
                    case "skill_id" -> e.skillId = text(p, v, "properties.skill_id");
                    case "damage" -> e.damage = int64(p, v, "properties.damage");
                    case "level" -> e.level = int32(p, v, "properties.level");
                    case "from_level" -> e.fromLevel = int32(p, v, "properties.from_level");
                    case "to_level" -> e.toLevel = int32(p, v, "properties.to_level");
                    case "time_spent_minutes" -> e.timeSpentMinutes = float64(p, v, "properties.time_spent_minutes");
                    case "defender_id" -> e.defenderId = int64(p, v, "properties.defender_id");
                    case "battle_result" -> e.battleResult = text(p, v, "properties.battle_result");
                    case "weapon_id" -> e.weaponId = text(p, v, "properties.weapon_id");
                    case "damage_dealt" -> e.damageDealt = int64(p, v, "properties.damage_dealt");
                    case "damage_received" -> e.damageReceived = int64(p, v, "properties.damage_received");
                    case "error_type" -> e.errorType = text(p, v, "properties.error_type");
                    case "response_time_ms" -> e.responseTimeMs = float64(p, v, "properties.response_time_ms");
                    case "ab_test_group" -> e.abTestGroup = text(p, v, "properties.ab_test_group");
                    default -> p.skipChildren();
                }
            }
            int end = (int) p.currentLocation().getByteOffset();
            properties = new String(payload, start, end - start, StandardCharsets.UTF_8);
        }

        GameEvent validate(long nowMs, long maxAgeMs, long maxFutureMs) throws InvalidEventException {
            GameEvent e = typed;
            e.eventId = required(eventId, "event_id");
            if (eventType == null) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, "event_type is missing");
            }
            e.eventType = eventType;
            if (userId == null) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, "user_id is missing");
            }
            if (userId <= 0) {
                throw new InvalidEventException(RejectReason.INVALID_USER_ID, "user_id " + userId + " is not positive");
            }
            e.userId = userId;
            e.sessionId = required(sessionId, "session_id");
            if (timestampMs == null) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, "timestamp_ms is missing");
            }
            long ts = timestampMs;
            if (ts > nowMs + maxFutureMs) {
                throw new InvalidEventException(
                        RejectReason.TIMESTAMP_IN_FUTURE, "timestamp_ms " + ts + " is " + (ts - nowMs) + " ms ahead");
            }
            if (ts <= 0 || ts < nowMs - maxAgeMs) {
                throw new InvalidEventException(
                        RejectReason.TIMESTAMP_TOO_OLD, "timestamp_ms " + ts + " is older than " + maxAgeMs + " ms");
            }
            e.timestampMs = ts;
            e.serverId = required(serverId, "server_id");
            e.platform = required(platform, "platform");
            e.clientVersion = clientVersion;
            e.schemaVersion = schemaVersion;
            e.properties = properties == null ? "{}" : properties;
            if (e.price != null && e.price < 0) {
                throw new InvalidEventException(RejectReason.NEGATIVE_AMOUNT, "properties.price " + e.price);
            }
            if (e.amount != null && e.amount < 0) {
                throw new InvalidEventException(RejectReason.NEGATIVE_AMOUNT, "properties.amount " + e.amount);
            }
            requireAtMost(e.price, MAX_MONEY_MINOR_UNITS, "properties.price");
            requireAtMost(e.amount, MAX_MONEY_MINOR_UNITS, "properties.amount");
            if (e.defenderId != null && e.defenderId <= 0) {
                throw new InvalidEventException(
                        RejectReason.OUT_OF_RANGE, "properties.defender_id " + e.defenderId + " is not a positive user id");
            }
            requireMoneyFields(e);
            return e;
        }

        /** Revenue KPIs need the amount and its currency; a purchase without them is not countable. */
        private static void requireMoneyFields(GameEvent e) throws InvalidEventException {
            if (e.eventType == EventType.ITEM_PURCHASE && e.price == null) {
                throw new InvalidEventException(
                        RejectReason.MISSING_FIELD, "properties.price is required for ITEM_PURCHASE");
            }
            if (e.eventType == EventType.PAYMENT && e.amount == null) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, "properties.amount is required for PAYMENT");
            }
            if (e.eventType.isMoney() && (e.currency == null || e.currency.isBlank())) {
                throw new InvalidEventException(
                        RejectReason.MISSING_FIELD, "properties.currency is required for " + e.eventType);
            }
        }

        private static void requireAtMost(Long value, long max, String field) throws InvalidEventException {
            if (value != null && value > max) {
                throw new InvalidEventException(RejectReason.OUT_OF_RANGE, field + " " + value + " is above " + max);
            }
        }

        private static String required(String value, String field) throws InvalidEventException {
            if (value == null) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, field + " is missing");
            }
            if (value.isBlank()) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, field + " is empty");
            }
            return value;
        }
    }
}
