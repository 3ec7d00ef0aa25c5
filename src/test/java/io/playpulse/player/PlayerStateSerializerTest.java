package io.playpulse.player;

import static io.playpulse.state.Serialized.bytes;
import static io.playpulse.state.Serialized.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** A player's state written field by field: every field back as it was, in fewer bytes than the formats before. */
class PlayerStateSerializerTest {
    private static final PlayerStateSerializer SERIALIZER = PlayerStateSerializer.INSTANCE;
    private static final long MIN = 60_000;
    private static final long T0 = PlayedState.T0;
    private static final String[] TOKENS = {"", "m", "t", "h", "1764000000000", "7", "0", "-0", "007", "-12", "1e3", "iOS", "kr-1", "한국", "a b", "a|b", "|x|"};

    @Test
    void randomStatesComeBackAndCopyFieldForField() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 1_000; round++) {
            PlayerState s = randomState(random);
            assertThat(roundTrip(SERIALIZER, s)).usingRecursiveComparison().isEqualTo(trimmed(s));
            assertThat(SERIALIZER.copy(s)).usingRecursiveComparison().isEqualTo(s);
            assertThat(roundTrip(PlayerStateSerializer.NAMED_CELLS, s)).as("in the format of builds up to 101cff3")
                    .usingRecursiveComparison().isEqualTo(trimmed(s));
        }
    }

    /** Any key and dimension, null included, not only those the player function makes. */
    @Test
    void anyCellComesBack() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 1_000; round++) {
            PlayerState s = randomState(random);
            for (int i = 0; i < s.cellCount; i++) {
                s.cellKeys[i] = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1 << 20);
                s.cellDimensions[i] = random.nextInt(4) == 0 ? null : randomToken(random);
            }
            assertThat(roundTrip(SERIALIZER, s)).usingRecursiveComparison().isEqualTo(trimmed(s));
        }
    }

    /** The serializer names each field; one added to these classes must be added to it (and to randomState). */
    @Test
    void writesEveryFieldTheStateClassesHave() {
        assertThat(fieldNames(PlayerState.class))
                .containsExactlyInAnyOrder("presence", "cellKeys", "cellDimensions", "cellEnds", "cellCount", "dailyPlatforms", "dailyFirstMinutes",
                        "dailyNew", "tickEnd", "wakeAt");
        assertThat(fieldNames(PresenceTimeline.class)).containsExactlyInAnyOrder("base", "minutes", "sent", "settledEnd");
        assertThat(fieldNames(PresencePoint.class)).containsExactlyInAnyOrder("ts", "logout", "serverId", "platform");
        assertThat(fieldNames(PresenceMark.class)).containsExactlyInAnyOrder("minuteEnd", "serverId", "platform");
    }

    private static List<String> fieldNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).map(Field::getName).toList();
    }

    @Test
    void thePlayerFunctionsOwnStateTakesUnderHalfTheBytesOfTheNamedCellsAndOfThePojoSerializer() throws Exception {
        PlayerState played = PlayedState.fiveMinutes();
        TypeSerializer<PlayerState> pojo = TypeInformation.of(PlayerState.class).createSerializer(new SerializerConfigImpl());

        int keyed = bytes(SERIALIZER, played);
        int named = bytes(PlayerStateSerializer.NAMED_CELLS, played);
        int asPojo = bytes(pojo, played);

        assertThat(played.cellCount).as("the cells of five minutes of play").isGreaterThan(10);
        assertThat(keyed).as("%d bytes against the named cells' %d", keyed, named).isLessThan(named / 2);
        assertThat(keyed).as("%d bytes against the POJO serializer's %d", keyed, asPojo).isLessThan(asPojo / 2);
        assertThat(roundTrip(SERIALIZER, played)).usingRecursiveComparison().isEqualTo(trimmed(played));
    }

    @Test
    void aCopyChangesNothingOfTheOriginalWhenThePlayerFunctionChangesIt() throws Exception {
        PlayerState original = PlayedState.fiveMinutes();
        PlayerState before = roundTrip(SERIALIZER, original);

        PlayerState copy = SERIALIZER.copy(original);
        copy.open(PlayerState.cellKey(FirstIn.MINUTE, 0, 0), "iOS", T0 + 10 * MIN);
        copy.expire(T0 + 3 * MIN, MIN, 24 * 60 * MIN);
        copy.addDaily("iOS", T0 + 24 * 60 * MIN, false);
        copy.presence.record(new PresencePoint(T0 + 9 * MIN, true, "kr-2", "iOS"));
        copy.presence.setSent(T0 + 9 * MIN, copy.presence.latest());
        copy.presence.prune(T0 + 4 * MIN);
        copy.tickEnd = 1;

        assertThat(trimmed(original)).usingRecursiveComparison().isEqualTo(before);
        assertThat(trimmed(copy)).usingRecursiveComparison().isNotEqualTo(before);
    }

    /** The state with its cell arrays cut to the cells, as a serializer reads it back. */
    private static PlayerState trimmed(PlayerState s) {
        PlayerState t = SERIALIZER.copy(s);
        t.cellKeys = Arrays.copyOf(s.cellKeys, s.cellCount);
        t.cellDimensions = Arrays.copyOf(s.cellDimensions, s.cellCount);
        t.cellEnds = Arrays.copyOf(s.cellEnds, s.cellCount);
        return t;
    }

    private static PlayerState randomState(Random random) {
        PlayerState s = new PlayerState();
        int cells = random.nextInt(12);
        // Room beyond the cells, with what an expired cell may leave there: written nowhere.
        int room = cells + random.nextInt(3);
        s.cellKeys = new long[room];
        s.cellDimensions = new String[room];
        s.cellEnds = new long[room];
        s.cellCount = cells;
        for (int i = 0; i < room; i++) {
            int flag = 1 << random.nextInt(Integer.numberOfTrailingZeros(FirstIn.GAMEPLAY_10_MINUTES) + 1);
            // As the player function makes them: a type in the two cells per type, a level in the gameplay cell.
            boolean gameplay = flag == FirstIn.GAMEPLAY_10_MINUTES;
            boolean typed = gameplay || flag == FirstIn.MINUTE_TYPE;
            s.cellKeys[i] = PlayerState.cellKey(flag, typed ? random.nextInt(EventType.values().length) : 0,
                    gameplay ? (random.nextBoolean() ? random.nextInt() : random.nextInt(100)) : 0);
            s.cellDimensions[i] = gameplay ? null : randomToken(random);
            s.cellEnds[i] = randomTime(random);
        }
        int daily = random.nextInt(4);
        s.dailyPlatforms = new String[daily];
        s.dailyFirstMinutes = new long[daily];
        s.dailyNew = new boolean[daily];
        for (int i = 0; i < daily; i++) {
            s.dailyPlatforms[i] = randomToken(random);
            s.dailyFirstMinutes[i] = randomMinute(random);
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

    private static String randomToken(Random random) {
        return random.nextInt(5) == 0 ? Long.toString(random.nextLong()) : TOKENS[random.nextInt(TOKENS.length)];
    }

    private static PresencePoint randomPoint(Random random) {
        return new PresencePoint(randomTime(random), random.nextBoolean(),
                random.nextInt(8) == 0 ? null : randomToken(random), random.nextInt(8) == 0 ? null : randomToken(random));
    }

    /** A minute: a daily entry's first minute names its day, in both formats. */
    private static long randomMinute(Random random) {
        return random.nextInt(4) == 0 ? random.nextInt() * MIN : T0 + random.nextInt(100_000) * MIN;
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
