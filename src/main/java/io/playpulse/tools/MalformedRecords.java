package io.playpulse.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playpulse.events.EventParser;
import io.playpulse.events.GameEvent;
import io.playpulse.events.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Records that break the event contract in one known way each, made from a valid event. */
final class MalformedRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FAR_MS = 400L * 24 * 3600 * 1000;

    private static final String LONE_SURROGATE_MARK = "@lone-surrogate@";
    private static final String[] OTHER_ENCODINGS = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"};

    /** Every reason a record can be made for: UNPARSEABLE has no known input (the parser's safety net). */
    static final List<RejectReason> MADE = Arrays.stream(RejectReason.values())
            .filter(r -> r != RejectReason.UNPARSEABLE)
            .toList();

    private MalformedRecords() {}

    static byte[] make(RejectReason reason, GameEvent e, byte[] valid, SplittableRandom random) {
        ObjectNode n = read(valid);
        switch (reason) {
            case UNSUPPORTED_ENCODING -> {
                // The whole valid event in another Unicode encoding, with or without a byte order mark.
                String json = new String(valid, StandardCharsets.UTF_8);
                String charset = OTHER_ENCODINGS[random.nextInt(OTHER_ENCODINGS.length)];
                return ((random.nextBoolean() ? "\uFEFF" : "") + json).getBytes(Charset.forName(charset));
            }
            case INVALID_STRING -> n.put("session_id", e.sessionId + LONE_SURROGATE_MARK);
            case OUT_OF_RANGE -> {
                ObjectNode props = (ObjectNode) n.get("properties");
                if (random.nextBoolean()) {
                    n.put("event_type", "PAYMENT");
                    props.put("amount", EventParser.MAX_MONEY_MINOR_UNITS + 1 + random.nextInt(1000));
                    props.put("currency", "USD");
                } else {
                    props.put("defender_id", -e.userId);
                }
            }
            case UNPARSEABLE -> throw new IllegalArgumentException("no known record is unparseable");
            case NOT_JSON -> {
                return random.nextBoolean()
                        ? Arrays.copyOf(valid, valid.length / 2)
                        : ("event " + e.eventId + " \u0000\u0001 not json").getBytes(StandardCharsets.UTF_8);
            }
            case NOT_AN_OBJECT -> {
                return ("[\"" + e.eventId + "\", " + e.userId + "]").getBytes(StandardCharsets.UTF_8);
            }
            case MISSING_FIELD -> {
                String[] required = {"event_id", "event_type", "user_id", "session_id", "timestamp_ms"};
                String field = required[random.nextInt(required.length)];
                if (random.nextBoolean() && n.get(field).isTextual()) {
                    n.put(field, "");
                } else {
                    n.remove(field);
                }
            }
            case WRONG_TYPE -> {
                if (random.nextBoolean()) {
                    n.put("user_id", "player-" + e.userId);
                } else {
                    n.put("timestamp_ms", Long.toString(e.timestampMs));
                }
            }
            case FIELD_TOO_LONG -> n.put("event_id", e.eventId + "x".repeat(200));
            case UNKNOWN_EVENT_TYPE -> {
                if (random.nextBoolean()) {
                    n.put("event_type", "TELEPORT");
                } else {
                    n.put("event_type", 42);
                }
            }
            case INVALID_USER_ID -> n.put("user_id", -e.userId);
            case TIMESTAMP_IN_FUTURE -> n.put("timestamp_ms", e.timestampMs + FAR_MS);
            case TIMESTAMP_TOO_OLD -> n.put("timestamp_ms", e.timestampMs - FAR_MS);
            case PAYLOAD_TOO_LARGE -> ((ObjectNode) n.get("properties")).put("debug_dump", "z".repeat(70 * 1024));
            case NEGATIVE_AMOUNT -> {
                n.put("event_type", "PAYMENT");
                ObjectNode props = (ObjectNode) n.get("properties");
                props.put("amount", -(100L + random.nextInt(10_000)));
                props.put("currency", "USD");
            }
        }
        try {
            // A lone surrogate written as the JSON escape a client would send.
            return JSON.writeValueAsString(n).replace(LONE_SURROGATE_MARK, "\\ud800").getBytes(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static ObjectNode read(byte[] valid) {
        try {
            return (ObjectNode) JSON.readTree(valid);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
