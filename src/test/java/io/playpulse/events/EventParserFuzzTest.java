package io.playpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the parser with jqwik: random bytes, valid events under truncation, byte flips, splices and
 * hostile fragments, and every encoding Jackson detects. Whatever the input: nothing but a rejection
 * with a reason leaves the parser, and every accepted event writes back to JSON that parses to the
 * same event. Tries per property: {@code jqwik.tries.default} (junit-platform.properties; a long run:
 * scripts/fuzz.sh).
 */
class EventParserFuzzTest {
    private static final long NOW = 1_764_000_000_000L;
    private static final EventParser PARSER = new EventParser(64 * 1024, Duration.ofDays(7), Duration.ofMinutes(5));
    private static final JsonFactory JSON = new JsonFactory();

    @Property
    void randomBytesGiveAnEventOrAReason(@ForAll("randomBytes") byte[] bytes) {
        check(bytes);
    }

    @Property
    void validEventsAreAcceptedAsWritten(@ForAll("events") GameEvent written) throws Exception {
        assertSameEvent(PARSER.parse(toJson(written), NOW), written);
    }

    @Property
    void mutatedEventsGiveAnEventOrAReason(@ForAll("mutatedEvents") byte[] bytes) {
        check(bytes);
    }

    @Property
    void otherUnicodeEncodingsAreRejectedAndAUtf8BomIsAccepted(
            @ForAll("events") GameEvent written, @ForAll("encodings") String encoding) throws Exception {
        String json = new String(toJson(written), StandardCharsets.UTF_8);
        if (encoding.equals("UTF-8 BOM")) {
            // U+FEFF encodes as the UTF-8 byte order mark EF BB BF.
            assertSameEvent(PARSER.parse(("\uFEFF" + json).getBytes(StandardCharsets.UTF_8), NOW), written);
            return;
        }
        boolean bom = encoding.endsWith(" BOM");
        byte[] bytes = (bom ? "\uFEFF" + json : json).getBytes(Charset.forName(encoding.replace(" BOM", "")));
        assertThat(outcome(bytes)).isEqualTo(RejectReason.UNSUPPORTED_ENCODING.name());
    }

    /** Any input: an event that writes back to itself, or a rejection with a reason and a detail. */
    private static void check(byte[] bytes) {
        Statistics.collect(outcome(bytes));
    }

    private static String outcome(byte[] bytes) {
        GameEvent event;
        try {
            event = PARSER.parse(bytes, NOW);
        } catch (InvalidEventException rejected) {
            assertThat(rejected.reason()).isNotNull();
            assertThat(rejected.getMessage()).isNotBlank();
            return rejected.reason().name();
        }
        try {
            assertSameEvent(PARSER.parse(toJson(event), NOW), event);
        } catch (InvalidEventException e) {
            throw new AssertionError("an accepted event did not parse again after writing: " + e.reason() + " "
                    + e.getMessage() + " for " + event, e);
        }
        return "accepted";
    }

    /** Every field, typed properties included (the fast check; the recursive comparison says what differs). */
    private static void assertSameEvent(GameEvent actual, GameEvent expected) {
        if (!actual.equals(expected) || !typed(actual).equals(typed(expected))) {
            assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        }
    }

    private static List<Object> typed(GameEvent e) {
        return Arrays.asList(e.price, e.amount, e.currency, e.itemId, e.itemMarketPrice, e.goldChange, e.skillId,
                e.damage, e.level, e.fromLevel, e.toLevel, e.timeSpentMinutes, e.defenderId, e.battleResult,
                e.weaponId, e.damageDealt, e.damageReceived, e.errorType, e.responseTimeMs, e.abTestGroup);
    }

    /** The event as a client would send it: contract fields, then the properties object as it was. */
    static byte[] toJson(GameEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event_id", e.eventId);
            g.writeStringField("event_type", e.eventType.name());
            g.writeNumberField("user_id", e.userId);
            g.writeStringField("session_id", e.sessionId);
            g.writeNumberField("timestamp_ms", e.timestampMs);
            g.writeStringField("server_id", e.serverId);
            g.writeStringField("platform", e.platform);
            if (e.clientVersion != null) {
                g.writeStringField("client_version", e.clientVersion);
            }
            if (e.schemaVersion != null) {
                g.writeStringField("schema_version", e.schemaVersion);
            }
            g.writeFieldName("properties");
            g.writeRawValue(e.properties);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE",
                "UTF-16LE BOM", "UTF-16BE BOM", "UTF-32LE BOM", "UTF-32BE BOM", "UTF-8 BOM");
    }

    /** Characters clients send: ASCII, Latin and other scripts, Hangul, emoji (surrogate pairs), NUL and controls. */
    private static final String[] ALPHABETS = {
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:",
        "\u0000\u0001\u001f\t\n\\\"/é€ñßØ", "가각간갈감갑값강개객거건걸검겁게", "🎮😀👾🗡"};

    private static String text(Random random, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder s = new StringBuilder(length);
        while (s.codePointCount(0, s.length()) < length) {
            String alphabet = ALPHABETS[random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(ALPHABETS.length - 1)];
            int at = alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())));
            s.appendCodePoint(alphabet.codePointAt(at));
        }
        String text = s.toString();
        return text.isBlank() && min > 0 ? "x" + text : text;
    }

    /** One field of the properties object: typed fields of the contract, unknown fields, odd but valid JSON. */
    private static String property(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> "\"price\":" + random.nextInt(1_000_000_000);
            case 1 -> "\"amount\":" + random.nextInt(1_000_000_000);
            case 2 -> "\"gold_change\":" + (random.nextInt(2_000_001) - 1_000_000);
            case 3 -> "\"damage\":" + random.nextInt(1_000_000);
            case 4 -> "\"level\":" + random.nextInt(1001);
            case 5 -> "\"time_spent_minutes\":" + random.nextDouble() * 10_000;
            case 6 -> "\"response_time_ms\":" + random.nextDouble() * 60_000;
            case 7 -> "\"skill_id\":" + quoted(text(random, 1, 20));
            case 8 -> "\"battle_result\":" + quoted(random.nextBoolean() ? "win" : "lose");
            case 9 -> "\"error_type\":" + quoted(random.nextBoolean() ? "crash" : "timeout");
            case 10 -> "\"note\":" + quoted(text(random, 0, 30));
            case 11 -> {
                int depth = 1 + random.nextInt(40);
                yield "\"deep\":" + "[".repeat(depth) + "]".repeat(depth);
            }
            case 12 -> "\"big\":1" + "0".repeat(random.nextInt(400));
            default -> "\"nothing\":null";
        };
    }

    /** A valid event with random content; its typed columns are what the parser extracts from its properties. */
    private static GameEvent randomEvent(Random random) {
        GameEvent e = new GameEvent();
        e.eventType = EventType.values()[random.nextInt(EventType.values().length)];
        e.eventId = text(random, 1, 40);
        e.userId = 1 + (random.nextLong() >>> 1) % Long.MAX_VALUE;
        e.sessionId = text(random, 1, 40);
        e.timestampMs = NOW - Duration.ofDays(7).toMillis() + (long) (random.nextDouble() * Duration.ofDays(7).plusMinutes(5).toMillis());
        e.serverId = text(random, 1, 16);
        e.platform = text(random, 1, 8);
        e.clientVersion = random.nextBoolean() ? text(random, 1, 10) : null;
        List<String> fields = new ArrayList<>();
        if (e.eventType.isMoney()) {
            fields.add("\"price\":100,\"amount\":100,\"currency\":\"KRW\"");
        }
        for (int i = random.nextInt(7); i > 0; i--) {
            fields.add(property(random));
        }
        e.properties = "{" + String.join(",", fields) + "}";
        try {
            return PARSER.parse(toJson(e), NOW);
        } catch (InvalidEventException invalid) {
            throw new AssertionError("the generator made an invalid event: " + invalid.getMessage() + " " + e, invalid);
        }
    }

    @Provide
    Arbitrary<GameEvent> events() {
        return Arbitraries.randomValue(EventParserFuzzTest::randomEvent);
    }

    /** Valid events, then truncated, flipped, spliced with another, or with a hostile fragment inserted. */
    @Provide
    Arbitrary<byte[]> mutatedEvents() {
        Arbitrary<byte[]> valid = events().map(EventParserFuzzTest::toJson);
        Arbitrary<String> hostile = Arbitraries.of(
                "\"event_id\":\"dup\",", "\"user_id\":99999999999999999999999,", "\"timestamp_ms\":1e400,",
                "\"x\":\"\\u0000\",", "\"session_id\":\"\\ud800\",", "\"server_id\":\"\\udfff\\ud800\",",
                "\"x\":" + "[".repeat(5000) + "]".repeat(5000) + ",", "\"n\":-0.0e-99999,",
                "\"properties\":{\"price\":-1},", "\"event_type\":12,", "\"event_type\":-1,",
                "\"level\":2147483648,", "\"x\":1" + "0".repeat(2000) + ",", "\"\\u0000\":0,", "\u0000",
                "\"platform\":\"" + "p".repeat(129) + "\",");
        return Arbitraries.oneOf(
                Combinators.combine(valid, Arbitraries.integers().between(0, 1000))
                        .as((b, cut) -> Arrays.copyOf(b, Math.min(cut, b.length))),
                Combinators.combine(valid, Arbitraries.integers().between(0, 1000), Arbitraries.bytes())
                        .as((b, at, value) -> {
                            byte[] copy = b.clone();
                            copy[at % copy.length] = value;
                            return copy;
                        }),
                Combinators.combine(valid, valid, Arbitraries.integers().between(0, 1000))
                        .as((a, b, at) -> {
                            int cut = at % a.length;
                            byte[] spliced = Arrays.copyOf(a, cut + b.length);
                            System.arraycopy(b, 0, spliced, cut, b.length);
                            return spliced;
                        }),
                Combinators.combine(valid, hostile, Arbitraries.integers().between(0, 1000))
                        .as((b, fragment, at) -> insert(b, fragment, at)),
                Combinators.combine(valid, hostile).as((b, fragment) -> insert(b, fragment, 1)));
    }

    private static byte[] insert(byte[] into, String fragment, int at) {
        byte[] piece = fragment.getBytes(StandardCharsets.UTF_8);
        int cut = at % into.length;
        byte[] out = new byte[into.length + piece.length];
        System.arraycopy(into, 0, out, 0, cut);
        System.arraycopy(piece, 0, out, cut, piece.length);
        System.arraycopy(into, cut, out, cut + piece.length, into.length - cut);
        return out;
    }

    private static String quoted(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
