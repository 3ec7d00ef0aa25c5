package io.playpulse.player;

import static io.playpulse.state.Serialized.bytes;
import static io.playpulse.state.Serialized.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** A player's state written field by field: every field back as it was, in fewer bytes than the POJO serializer writes. */
class PlayerStateSerializerTest {
    private static final PlayerStateSerializer SERIALIZER = PlayerStateSerializer.INSTANCE;
    private static final long MIN = 60_000;
    private static final long T0 = PlayedState.T0;
    private static final String[] TOKENS = {"", "m", "t", "h", "1764000000000", "7", "0", "-0", "007", "-12", "1e3", "iOS", "kr-1", "한국", "a b"};

    @Test
    void randomStatesComeBackAndCopyFieldForField() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 1_000; round++) {
            PlayerState s = randomState(random);
            assertThat(roundTrip(SERIALIZER, s)).usingRecursiveComparison().isEqualTo(s);
            assertThat(SERIALIZER.copy(s)).usingRecursiveComparison().isEqualTo(s);
        }
    }

    /** The serializer names each field; one added to these classes must be added to it (and to randomState). */
    @Test
    void writesEveryFieldTheStateClassesHave() {
        assertThat(fieldNames(PlayerState.class))
                .containsExactlyInAnyOrder("presence", "cells", "cellEnds", "dailyKeys", "dailyFirstMinutes", "dailyNew", "tickEnd", "wakeAt");
        assertThat(fieldNames(PresenceTimeline.class)).containsExactlyInAnyOrder("base", "minutes", "sent", "settledEnd");
        assertThat(fieldNames(PresencePoint.class)).containsExactlyInAnyOrder("ts", "logout", "serverId", "platform");
        assertThat(fieldNames(PresenceMark.class)).containsExactlyInAnyOrder("minuteEnd", "serverId", "platform");
    }

    private static List<String> fieldNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).map(Field::getName).toList();
    }

    @Test
    void thePlayerFunctionsOwnStateComesBackInUnderFourFifthsOfThePojoSerializersBytes() throws Exception {
        PlayerState played = PlayedState.fiveMinutes();
        TypeSerializer<PlayerState> pojo = TypeInformation.of(PlayerState.class).createSerializer(new SerializerConfigImpl());

        int compact = bytes(SERIALIZER, played);
        int asPojo = bytes(pojo, played);

        assertThat(played.cells).as("the cells of five minutes of play").hasSizeGreaterThan(10);
        assertThat(compact).as("%d bytes against the POJO serializer's %d", compact, asPojo).isLessThan(asPojo * 4 / 5);
        assertThat(roundTrip(SERIALIZER, played)).usingRecursiveComparison().isEqualTo(played);
    }

    @Test
    void aCopyChangesNothingOfTheOriginalWhenThePlayerFunctionChangesIt() throws Exception {
        PlayerState original = PlayedState.fiveMinutes();
        PlayerState before = roundTrip(SERIALIZER, original);

        PlayerState copy = SERIALIZER.copy(original);
        copy.open("m|" + (T0 + 9 * MIN) + "|iOS", T0 + 10 * MIN);
        copy.expire(T0 + 3 * MIN, MIN, 24 * 60 * MIN);
        copy.addDaily((T0 + 24 * 60 * MIN) + "|iOS", T0 + 24 * 60 * MIN, false);
        copy.presence.record(new PresencePoint(T0 + 9 * MIN, true, "kr-2", "iOS"));
        copy.presence.setSent(T0 + 9 * MIN, copy.presence.latest());
        copy.presence.prune(T0 + 4 * MIN);
        copy.tickEnd = 1;

        assertThat(original).usingRecursiveComparison().isEqualTo(before);
        assertThat(copy).usingRecursiveComparison().isNotEqualTo(before);
    }

    private static PlayerState randomState(Random random) {
        PlayerState s = new PlayerState();
        int cells = random.nextInt(12);
        s.cells = new String[cells];
        s.cellEnds = new long[cells];
        for (int i = 0; i < cells; i++) {
            s.cells[i] = randomKey(random);
            s.cellEnds[i] = randomTime(random);
        }
        int daily = random.nextInt(4);
        s.dailyKeys = new String[daily];
        s.dailyFirstMinutes = new long[daily];
        s.dailyNew = new boolean[daily];
        for (int i = 0; i < daily; i++) {
            s.dailyKeys[i] = randomKey(random);
            s.dailyFirstMinutes[i] = randomTime(random);
            s.dailyNew[i] = random.nextBoolean();
        }
        s.tickEnd = randomTime(random);
        s.wakeAt = randomTime(random);
        if (random.nextInt(4) > 0) {
            PresenceTimeline p = new PresenceTimeline();
            p.base = random.nextBoolean() ? randomPoint(random) : null;
            p.minutes = new PresencePoint[random.nextInt(6)];
            for (int i = 0; i < p.minutes.length; i++) {
                p.minutes[i] = randomPoint(random);
            }
            p.sent = new PresenceMark[random.nextInt(4)];
            for (int i = 0; i < p.sent.length; i++) {
                p.sent[i] = new PresenceMark(randomTime(random), randomPoint(random));
            }
            p.settledEnd = randomTime(random);
            s.presence = p;
        }
        return s;
    }

    /** Tokens joined by '|', empty ones and a leading or trailing '|' included. */
    private static String randomKey(Random random) {
        StringBuilder key = new StringBuilder(randomToken(random));
        for (int i = random.nextInt(5); i > 0; i--) {
            key.append('|').append(randomToken(random));
        }
        return key.toString();
    }

    private static String randomToken(Random random) {
        return random.nextInt(5) == 0 ? Long.toString(random.nextLong()) : TOKENS[random.nextInt(TOKENS.length)];
    }

    private static PresencePoint randomPoint(Random random) {
        return new PresencePoint(randomTime(random), random.nextBoolean(),
                random.nextInt(8) == 0 ? null : randomToken(random), random.nextInt(8) == 0 ? null : randomToken(random));
    }

    /** Mostly near T0, sometimes an extreme such as Long.MIN_VALUE (nothing registered). */
    private static long randomTime(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> random.nextLong();
            default -> T0 + random.nextInt(1_000_000);
        };
    }
}
