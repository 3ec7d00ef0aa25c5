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
import java.util.Arrays;
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
        GameEvent parsed = PARSER.parse(toJson(written), NOW);
        assertThat(parsed).usingRecursiveComparison().isEqualTo(written);
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
            byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
            byte[] withBom = new byte[utf8.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(utf8, 0, withBom, 3, utf8.length);
            assertThat(PARSER.parse(withBom, NOW)).usingRecursiveComparison().isEqualTo(written);
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
        GameEvent copy = new GameEvent();
        copy.late = event.late;
        try {
            assertThat(PARSER.parse(toJson(event), NOW)).usingRecursiveComparison().isEqualTo(event);
        } catch (InvalidEventException e) {
            throw new AssertionError("an accepted event did not parse again after writing: " + e.reason() + " "
                    + e.getMessage() + " for " + event, e);
        }
        return "accepted";
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

    /** Text as clients send it: ASCII, other scripts, emoji (pairs), NUL and control characters. */
    private static Arbitrary<String> text(int min, int max) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().alpha().numeric().withChars("-_.:"). ofMinLength(min).ofMaxLength(max)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u07FF').ofMinLength(min).ofMaxLength(max)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('\uAC00', '\uD7A3').withChars("🎮😀")
                        .ofMinLength(min).ofMaxLength(max)))
                .filter(s -> !s.isBlank() || min == 0);
    }

    /** The properties object: typed fields of the contract, unknown fields, odd but valid JSON. */
    private static Arbitrary<String> properties() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1_000_000_000L).map(v -> "\"price\":" + v),
                Arbitraries.longs().between(0, 1_000_000_000L).map(v -> "\"amount\":" + v),
                Arbitraries.longs().between(-1_000_000L, 1_000_000L).map(v -> "\"gold_change\":" + v),
                Arbitraries.longs().between(0, 1_000_000L).map(v -> "\"damage\":" + v),
                Arbitraries.integers().between(0, 1000).map(v -> "\"level\":" + v),
                Arbitraries.doubles().between(0, 10_000).map(v -> "\"time_spent_minutes\":" + v),
                Arbitraries.doubles().between(0, 60_000).map(v -> "\"response_time_ms\":" + v),
                text(1, 20).map(s -> "\"skill_id\":" + quoted(s)),
                Arbitraries.of("win", "lose", "draw").map(s -> "\"battle_result\":" + quoted(s)),
                Arbitraries.of("crash", "timeout").map(s -> "\"error_type\":" + quoted(s)),
                text(0, 30).map(s -> "\"note\":" + quoted(s)),
                Arbitraries.integers().between(0, 40).map(d -> "\"deep\":" + "[".repeat(d) + "]".repeat(d)),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(400).map(n -> "\"big\":1" + n),
                Arbitraries.just("\"nothing\":null"));
        return field.list().ofMaxSize(6).map(fields -> "{" + String.join(",", fields) + "}");
    }

    @Provide
    Arbitrary<GameEvent> events() {
        Arbitrary<EventType> types = Arbitraries.of(EventType.class);
        return Combinators.combine(types, text(1, 40), Arbitraries.longs().between(1, Long.MAX_VALUE), text(1, 40),
                        Arbitraries.longs().between(NOW - Duration.ofDays(7).toMillis(), NOW + 300_000),
                        text(1, 16), text(1, 8), properties())
                .as((type, id, user, session, ts, server, platform, props) -> {
                    GameEvent e = new GameEvent();
                    e.eventId = id;
                    e.eventType = type;
                    e.userId = user;
                    e.sessionId = session;
                    e.timestampMs = ts;
                    e.serverId = server;
                    e.platform = platform;
                    e.properties = type.isMoney()
                            ? props.replaceFirst("^\\{", "{\"price\":100,\"amount\":100,\"currency\":\"KRW\"" + (props.equals("{}") ? "" : ","))
                            : props;
                    try {
                        // The typed columns are what the parser extracts from the properties it is given.
                        GameEvent parsed = PARSER.parse(toJson(e), NOW);
                        return parsed;
                    } catch (InvalidEventException invalid) {
                        return null;
                    }
                })
                .filter(e -> e != null);
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
