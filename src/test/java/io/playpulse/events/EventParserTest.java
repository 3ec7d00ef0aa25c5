package io.playpulse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private static final long NOW = 1_764_000_000_000L;
    private static final EventParser PARSER = new EventParser(64 * 1024, Duration.ofDays(7), Duration.ofMinutes(5));

    private static String event(String overrides) {
        String base = "\"event_id\":\"e-1\",\"event_type\":\"SKILL_USE\",\"user_id\":42,\"session_id\":\"s-1\","
                + "\"timestamp_ms\":" + (NOW - 1000) + ",\"server_id\":\"kr-1\",\"platform\":\"iOS\","
                + "\"client_version\":\"2.1.0\"";
        return "{" + base + (overrides.isEmpty() ? "" : "," + overrides) + "}";
    }

    private static GameEvent parse(String json) throws InvalidEventException {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private static RejectReason rejection(String json) {
        return rejection(json.getBytes(StandardCharsets.UTF_8));
    }

    private static RejectReason rejection(byte[] bytes) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> PARSER.parse(bytes, NOW));
        assertThat(e).as("expected a rejection").isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        return e.reason();
    }

    @Test
    void parsesTheContractFieldsAndTypedProperties() throws Exception {
        GameEvent e = parse(event("\"schema_version\":\"2.0\",\"properties\":{\"skill_id\":\"fireball\","
                + "\"damage\":1200,\"level\":17,\"response_time_ms\":35.5,\"ab_test_group\":\"B\",\"combo\":[1,2]}"));
        assertThat(e.eventId).isEqualTo("e-1");
        assertThat(e.eventType).isEqualTo(EventType.SKILL_USE);
        assertThat(e.userId).isEqualTo(42);
        assertThat(e.sessionId).isEqualTo("s-1");
        assertThat(e.timestampMs).isEqualTo(NOW - 1000);
        assertThat(e.serverId).isEqualTo("kr-1");
        assertThat(e.platform).isEqualTo("iOS");
        assertThat(e.clientVersion).isEqualTo("2.1.0");
        assertThat(e.schemaVersion).isEqualTo("2.0");
        assertThat(e.skillId).isEqualTo("fireball");
        assertThat(e.damage).isEqualTo(1200L);
        assertThat(e.level).isEqualTo(17);
        assertThat(e.responseTimeMs).isEqualTo(35.5);
        assertThat(e.abTestGroup).isEqualTo("B");
        assertThat(e.price).isNull();
        assertThat(e.properties).as("unknown fields are kept").contains("\"combo\":[1,2]");
        assertThat(e.late).isFalse();
    }

    @Test
    void acceptsLegacyIntegerEventTypeCodes() throws Exception {
        for (EventType type : EventType.values()) {
            String props = type.isMoney() ? ",\"properties\":{\"price\":100,\"amount\":100,\"currency\":\"USD\"}" : "";
            String json = event("").replace("\"SKILL_USE\"", Integer.toString(type.code()))
                    .replace("}", props + "}");
            assertThat(parse(json).eventType).isEqualTo(type);
        }
    }

    @Test
    void extractsMoneyBattleAndLevelProperties() throws Exception {
        GameEvent purchase = parse(event("").replace("SKILL_USE", "ITEM_PURCHASE").replace("}",
                ",\"properties\":{\"item_id\":\"sword\",\"price\":4900,\"currency\":\"KRW\",\"item_market_price\":5000}}"));
        assertThat(purchase.price).isEqualTo(4900L);
        assertThat(purchase.currency).isEqualTo("KRW");
        assertThat(purchase.itemId).isEqualTo("sword");
        assertThat(purchase.revenueMinorUnits()).isEqualTo(4900L);

        GameEvent payment = parse(event("").replace("SKILL_USE", "PAYMENT").replace("}",
                ",\"properties\":{\"amount\":12000,\"currency\":\"USD\"}}"));
        assertThat(payment.revenueMinorUnits()).isEqualTo(12000L);

        GameEvent pvp = parse(event("").replace("SKILL_USE", "PVP_BATTLE").replace("}",
                ",\"properties\":{\"defender_id\":7,\"battle_result\":\"win\",\"weapon_id\":\"bow\","
                        + "\"damage_dealt\":900,\"damage_received\":300}}"));
        assertThat(pvp.defenderId).isEqualTo(7L);
        assertThat(pvp.battleResult).isEqualTo("win");
        assertThat(pvp.weaponId).isEqualTo("bow");
        assertThat(pvp.damageDealt).isEqualTo(900L);
        assertThat(pvp.damageReceived).isEqualTo(300L);

        GameEvent levelUp = parse(event("").replace("SKILL_USE", "LEVEL_UP").replace("}",
                ",\"properties\":{\"from_level\":9,\"to_level\":10,\"time_spent_minutes\":12.5,\"gold_change\":-20}}"));
        assertThat(levelUp.fromLevel).isEqualTo(9);
        assertThat(levelUp.toLevel).isEqualTo(10);
        assertThat(levelUp.timeSpentMinutes).isEqualTo(12.5);
        assertThat(levelUp.goldChange).isEqualTo(-20L);

        GameEvent error = parse(event("").replace("SKILL_USE", "ERROR_OCCURRED").replace("}",
                ",\"properties\":{\"error_type\":\"crash\"}}"));
        assertThat(error.errorType).isEqualTo("crash");
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() throws Exception {
        GameEvent e = parse(event("\"schema_version\":null,\"properties\":null").replace(",\"client_version\":\"2.1.0\"", ""));
        assertThat(e.clientVersion).isNull();
        assertThat(e.schemaVersion).isNull();
        assertThat(e.properties).isEqualTo("{}");
        assertThat(parse(event("\"schema_version\":3")).schemaVersion).isEqualTo("3");
    }

    @Test
    void rejectsWhatIsNotJson() {
        assertThat(rejection("{\"event_id\": \"e-1\", ")).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection("not json at all")).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection(event("") + " trailing")).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection(new byte[0])).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection((byte[]) null)).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection(new byte[] {(byte) 0xc3, (byte) 0x28, '{', '}'})).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})).isEqualTo(RejectReason.UNSUPPORTED_ENCODING);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1, 2, 3]",
        "\"just a string\"",
        "42",
        "null"
    })
    void rejectsJsonThatIsNotAnObject(String json) {
        assertThat(rejection(json)).isEqualTo(RejectReason.NOT_AN_OBJECT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"event_id\":\"e-1\"|\"event_id\":\"\"",
        "\"event_id\":\"e-1\",|",
        "\"event_type\":\"SKILL_USE\",|",
        "\"event_type\":\"SKILL_USE\"|\"event_type\":\" \"",
        "\"user_id\":42,|",
        "\"session_id\":\"s-1\"|\"session_id\":\"\"",
        "\"session_id\":\"s-1\"|\"session_id\":null",
        "\"server_id\":\"kr-1\",|",
        "\"platform\":\"iOS\"|\"platform\":\"\"",
    })
    void rejectsMissingOrEmptyRequiredFields(String from, String to) {
        assertThat(rejection(event("").replace(from, to == null ? "" : to))).isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void rejectsAPurchaseWithoutItsMoneyFields() {
        String purchase = event("").replace("SKILL_USE", "ITEM_PURCHASE");
        assertThat(rejection(purchase.replace("}", ",\"properties\":{\"currency\":\"USD\"}}")))
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(rejection(purchase.replace("}", ",\"properties\":{\"price\":100}}")))
                .isEqualTo(RejectReason.MISSING_FIELD);
        String payment = event("").replace("SKILL_USE", "PAYMENT");
        assertThat(rejection(payment.replace("}", ",\"properties\":{\"currency\":\"USD\"}}")))
                .isEqualTo(RejectReason.MISSING_FIELD);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"user_id\":42|\"user_id\":\"42\"",
        "\"user_id\":42|\"user_id\":4.2",
        "\"user_id\":42|\"user_id\":123456789012345678901234567890",
        "\"event_id\":\"e-1\"|\"event_id\":17",
        "\"event_type\":\"SKILL_USE\"|\"event_type\":{\"name\":\"SKILL_USE\"}",
        "\"platform\":\"iOS\"|\"platform\":[\"iOS\"]",
        "\"client_version\":\"2.1.0\"|\"client_version\":2",
    })
    void rejectsWrongTypes(String from, String to) {
        assertThat(rejection(event("").replace(from, to))).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void rejectsATimestampThatIsNotAnInteger() {
        String json = event("").replaceFirst("\"timestamp_ms\":\\d+", "\"timestamp_ms\":\"" + NOW + "\"");
        assertThat(rejection(json)).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void rejectsWrongPropertyTypes() {
        assertThat(rejection(event("\"properties\":[1]"))).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection(event("\"properties\":{\"damage\":\"lots\"}"))).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection(event("\"properties\":{\"level\":1.5}"))).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection(event("\"properties\":{\"level\":9999999999}"))).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection(event("\"properties\":{\"skill_id\":5}"))).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection(event("\"properties\":{\"response_time_ms\":\"fast\"}"))).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void rejectsIdsLongerThanTheLimit() throws Exception {
        String longest = "y".repeat(EventParser.MAX_ID_LENGTH);
        assertThat(parse(event("").replace("\"e-1\"", "\"" + longest + "\"")).eventId).isEqualTo(longest);
        assertThat(rejection(event("").replace("\"e-1\"", "\"" + longest + "y\"")))
                .isEqualTo(RejectReason.FIELD_TOO_LONG);
    }

    @Test
    void rejectsUnknownEventTypes() {
        assertThat(rejection(event("").replace("SKILL_USE", "TELEPORT"))).isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);
        assertThat(rejection(event("").replace("\"SKILL_USE\"", "12"))).isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);
        assertThat(rejection(event("").replace("\"SKILL_USE\"", "-1"))).isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);
        assertThat(rejection(event("").replace("SKILL_USE", "skill_use"))).isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);
    }

    @Test
    void rejectsUserIdsThatAreNotPositive() {
        assertThat(rejection(event("").replace("\"user_id\":42", "\"user_id\":0"))).isEqualTo(RejectReason.INVALID_USER_ID);
        assertThat(rejection(event("").replace("\"user_id\":42", "\"user_id\":-42"))).isEqualTo(RejectReason.INVALID_USER_ID);
    }

    @Test
    void rejectsTimestampsOutsideTheHorizons() {
        String future = event("").replace(Long.toString(NOW - 1000), Long.toString(NOW + Duration.ofMinutes(6).toMillis()));
        assertThat(rejection(future)).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
        String old = event("").replace(Long.toString(NOW - 1000), Long.toString(NOW - Duration.ofDays(8).toMillis()));
        assertThat(rejection(old)).isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
        assertThat(rejection(event("").replace(Long.toString(NOW - 1000), "0"))).isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void acceptsTimestampsJustInsideTheHorizons() throws Exception {
        long edgeFuture = NOW + Duration.ofMinutes(5).toMillis();
        assertThat(parse(event("").replace(Long.toString(NOW - 1000), Long.toString(edgeFuture))).timestampMs)
                .isEqualTo(edgeFuture);
    }

    @Test
    void rejectsOversizedPayloadsBeforeParsing() {
        String big = event("\"properties\":{\"blob\":\"" + "z".repeat(64 * 1024) + "\"}");
        assertThat(rejection(big)).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void rejectsNegativeMoney() {
        String payment = event("").replace("SKILL_USE", "PAYMENT");
        assertThat(rejection(payment.replace("}", ",\"properties\":{\"amount\":-1,\"currency\":\"USD\"}}")))
                .isEqualTo(RejectReason.NEGATIVE_AMOUNT);
        String purchase = event("").replace("SKILL_USE", "ITEM_PURCHASE");
        assertThat(rejection(purchase.replace("}", ",\"properties\":{\"price\":-100,\"currency\":\"KRW\"}}")))
                .isEqualTo(RejectReason.NEGATIVE_AMOUNT);
    }

    @Test
    void neverThrowsAnythingButARejectionWhateverTheBytes() {
        Random random = new Random(7);
        byte[] valid = event("\"properties\":{\"damage\":5,\"skill_id\":\"a\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                PARSER.parse(bytes, NOW);
            } catch (InvalidEventException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
        assertThatThrownBy(() -> PARSER.parse(new byte[] {'{'}, NOW)).isInstanceOf(InvalidEventException.class);
    }

    /** The record that crash-looped the job: a whole valid event in UTF-16LE with a byte order mark. */
    @Test
    void rejectsAWholeEventInUtf16OrUtf32WithOrWithoutAByteOrderMark() {
        String json = event("\"properties\":{\"skill_id\":\"fireball\",\"damage\":1200}");
        for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
            for (String prefix : new String[] {"", "\uFEFF"}) {
                byte[] bytes = (prefix + json).getBytes(java.nio.charset.Charset.forName(charset));
                InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> PARSER.parse(bytes, NOW));
                assertThat(e.reason()).as(charset + (prefix.isEmpty() ? "" : " with BOM"))
                        .isEqualTo(RejectReason.UNSUPPORTED_ENCODING);
                assertThat(e.getMessage()).contains("UTF-").contains("must be UTF-8");
            }
        }
    }

    @Test
    void acceptsAUtf8ByteOrderMarkAndKeepsThePropertiesExact() throws Exception {
        String json = event("\"properties\":{\"skill_id\":\"화염\",\"damage\":1200}");
        byte[] withBom = ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
        assertThat(withBom).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        GameEvent e = PARSER.parse(withBom, NOW);
        assertThat(e.properties).isEqualTo("{\"skill_id\":\"화염\",\"damage\":1200}");
        assertThat(e.skillId).isEqualTo("화염");
    }

    @Test
    void rejectsTextWithAnUnpairedSurrogateButKeepsPairs() throws Exception {
        assertThat(rejection(event("").replace("\"kr-1\"", "\"kr-\\ud800\""))).isEqualTo(RejectReason.INVALID_STRING);
        assertThat(rejection(event("\"properties\":{\"skill_id\":\"\\udc00x\"}")))
                .isEqualTo(RejectReason.INVALID_STRING);
        assertThat(parse(event("").replace("\"kr-1\"", "\"kr-\\ud83c\\udfae\"")).serverId).isEqualTo("kr-🎮");
        assertThat(parse(event("").replace("\"kr-1\"", "\"kr\\u0000\"")).serverId).isEqualTo("kr\0");
    }

    @Test
    void rejectsMoneyAboveTheLimitAndDefendersThatAreNotPlayers() throws Exception {
        String payment = event("").replace("SKILL_USE", "PAYMENT");
        long max = EventParser.MAX_MONEY_MINOR_UNITS;
        assertThat(parse(payment.replace("}", ",\"properties\":{\"amount\":" + max + ",\"currency\":\"USD\"}}")).amount)
                .isEqualTo(max);
        assertThat(rejection(payment.replace("}", ",\"properties\":{\"amount\":" + (max + 1) + ",\"currency\":\"USD\"}}")))
                .isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(rejection(event("\"properties\":{\"defender_id\":0}"))).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(rejection(event("\"properties\":{\"defender_id\":-5}"))).isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    @Test
    void deepNestingAndHugeNumbersAreRejectionsNotFailures() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(rejection(event("\"properties\":{\"x\":" + deep + "}"))).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection(event("\"properties\":{\"x\":1" + "0".repeat(5000) + "}"))).isEqualTo(RejectReason.NOT_JSON);
    }
}
