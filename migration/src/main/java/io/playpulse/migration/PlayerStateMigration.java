package io.playpulse.migration;

import io.playpulse.player.CellNames;
import io.playpulse.player.PlayerActivity;
import io.playpulse.player.PlayerProfile;
import io.playpulse.player.PlayerState;
import io.playpulse.player.PresenceTimeline;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * The player function's state, from the classes builds up to 12c398b named ({@code
 * io.playpulse.kpi.PlayerState}, {@code io.playpulse.churn.PlayerProfile}) to the {@code player}
 * package's: every player's state, profile, legacy first-seen time and timers, value for value. The
 * cells and daily entries those builds named are keyed as the current build keys them ({@link
 * CellNames}).
 */
public final class PlayerStateMigration {
    /** The player function's uid (PlayPulseWorkflow). */
    public static final OperatorIdentifier PLAYER_ACTIVITY = OperatorIdentifier.forUid("player-activity");

    private PlayerStateMigration() {}

    /** One player's state as the current build holds it, with the timers it had registered. */
    public static class Player {
        public long userId;
        public PlayerState player;
        public PlayerProfile profile;
        public Long legacyFirstSeen;
        public long[] eventTimeTimers;
        public long[] processingTimeTimers;

        public Player() {}
    }

    /** The savepoint's player states were written as {@code io.playpulse.kpi.PlayerState} (builds up to 12c398b). */
    public static boolean needed(SavepointContents contents) throws IOException {
        return contents.valueSerializer(PLAYER_ACTIVITY, PlayerActivity.playerDescriptor().getName())
                .filter(s -> s instanceof PojoSerializerSnapshot)
                .map(s -> s.restoreSerializer().createInstance() instanceof io.playpulse.kpi.PlayerState)
                .orElse(false);
    }

    /** Every player of the earlier build's savepoint, in the current classes. */
    public static DataStream<Player> read(SavepointReader savepoint, Duration playerRetention) throws IOException {
        return savepoint.readKeyedState(PLAYER_ACTIVITY, new ReadEarlier(playerRetention), Types.LONG,
                TypeInformation.of(Player.class));
    }

    /** The player function's state, written from {@link #read}. */
    public static StateBootstrapTransformation<Player> write(DataStream<Player> players, Duration playerRetention) {
        return OperatorTransformation.bootstrapWith(players)
                .keyBy(p -> p.userId, Types.LONG)
                .transform(new WriteCurrent(playerRetention));
    }

    private static final class ReadEarlier extends KeyedStateReaderFunction<Long, Player> {
        private static final long serialVersionUID = 1L;
        private final Duration playerRetention;
        private transient ValueState<io.playpulse.kpi.PlayerState> players;
        private transient ValueState<io.playpulse.churn.PlayerProfile> profiles;
        private transient ValueState<Long> legacyFirstSeen;

        ReadEarlier(Duration playerRetention) {
            this.playerRetention = playerRetention;
        }

        @Override
        public void open(OpenContext openContext) {
            players = getRuntimeContext().getState(new ValueStateDescriptor<>(
                    PlayerActivity.playerDescriptor().getName(), TypeInformation.of(io.playpulse.kpi.PlayerState.class)));
            ValueStateDescriptor<PlayerProfile> current = PlayerActivity.profileDescriptor(playerRetention);
            ValueStateDescriptor<io.playpulse.churn.PlayerProfile> earlier = new ValueStateDescriptor<>(
                    current.getName(), TypeInformation.of(io.playpulse.churn.PlayerProfile.class));
            earlier.enableTimeToLive(current.getTtlConfig());
            profiles = getRuntimeContext().getState(earlier);
            legacyFirstSeen = getRuntimeContext().getState(PlayerActivity.legacyFirstSeenDescriptor(playerRetention));
        }

        @Override
        public void readKey(Long userId, Context ctx, Collector<Player> out) throws Exception {
            Player p = new Player();
            p.userId = userId;
            p.player = current(players.value());
            p.profile = SameFields.copy(profiles.value(), PlayerProfile.class);
            p.legacyFirstSeen = legacyFirstSeen.value();
            p.eventTimeTimers = sorted(ctx.registeredEventTimeTimers());
            p.processingTimeTimers = sorted(ctx.registeredProcessingTimeTimers());
            out.collect(p);
        }

        static PlayerState current(io.playpulse.kpi.PlayerState earlier) {
            if (earlier == null) {
                return null;
            }
            PlayerState s = new PlayerState();
            s.presence = SameFields.copy(earlier.presence, PresenceTimeline.class);
            s.cellKeys = Arrays.stream(earlier.cells).mapToLong(CellNames::key).toArray();
            s.cellDimensions = Arrays.stream(earlier.cells).map(CellNames::dimension).toArray(String[]::new);
            s.cellEnds = earlier.cellEnds;
            s.cellCount = earlier.cells.length;
            s.dailyPlatforms = Arrays.stream(earlier.dailyKeys).map(CellNames::dailyPlatform).toArray(String[]::new);
            s.dailyFirstMinutes = earlier.dailyFirstMinutes;
            s.dailyNew = earlier.dailyNew;
            s.tickEnd = earlier.tickEnd;
            s.wakeAt = earlier.wakeAt;
            return s;
        }

        private static long[] sorted(Set<Long> timers) {
            return timers.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    private static final class WriteCurrent extends KeyedStateBootstrapFunction<Long, Player> {
        private static final long serialVersionUID = 1L;
        private final Duration playerRetention;
        private transient ValueState<PlayerState> players;
        private transient ValueState<PlayerProfile> profiles;
        private transient ValueState<Long> legacyFirstSeen;

        WriteCurrent(Duration playerRetention) {
            this.playerRetention = playerRetention;
        }

        @Override
        public void open(OpenContext openContext) {
            players = getRuntimeContext().getState(PlayerActivity.playerDescriptor());
            profiles = getRuntimeContext().getState(PlayerActivity.profileDescriptor(playerRetention));
            legacyFirstSeen = getRuntimeContext().getState(PlayerActivity.legacyFirstSeenDescriptor(playerRetention));
        }

        @Override
        public void processElement(Player p, Context ctx) throws Exception {
            if (p.player != null) {
                players.update(p.player);
            }
            if (p.profile != null) {
                profiles.update(p.profile);
            }
            if (p.legacyFirstSeen != null) {
                legacyFirstSeen.update(p.legacyFirstSeen);
            }
            for (long t : p.eventTimeTimers) {
                ctx.timerService().registerEventTimeTimer(t);
            }
            for (long t : p.processingTimeTimers) {
                ctx.timerService().registerProcessingTimeTimer(t);
            }
        }
    }
}
