package io.playpulse.bench;

import io.playpulse.detect.Action;
import io.playpulse.detect.RecentActions;
import io.playpulse.detect.RecentActionsSerializer;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import io.playpulse.player.PlayedState;
import io.playpulse.player.PlayerProfile;
import io.playpulse.player.PlayerProfileSerializer;
import io.playpulse.player.PlayerState;
import io.playpulse.player.PlayerStateSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.SnappyStreamCompressionDecorator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The values read and written with most events, by Flink's POJO serializer and by the compact ones
 * the job declares: a player's state after five minutes of play, the player's churn profile after
 * a week, and a gate's ten recent actions of a skill burst. A round trip (write, then read) is what RocksDB does with a value per
 * access; a copy is what the heap backend makes of a value read while a snapshot is being written;
 * a snapshot write is what the heap backend does with every value in every checkpoint: it writes the
 * value to a stream, compressed as flink-conf's {@code snapshot-compression} asks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// A fixed heap: the copies allocate little each, and a heap being resized spread their figures tenfold.
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StateSerializerBenchmark {
    private static final int BURST = 10;

    @Param({"pojo", "compact"})
    public String format;

    private PlayerState player;
    private TypeSerializer<PlayerState> playerSerializer;
    private PlayerProfile profile;
    private TypeSerializer<PlayerProfile> profileSerializer;
    private RecentActions burst;
    private TypeSerializer<RecentActions> gateSerializer;
    private final DataOutputSerializer out = new DataOutputSerializer(4096);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private DataOutputViewStreamWrapper snapshot;

    @Setup
    public void values() throws Exception {
        snapshot = new DataOutputViewStreamWrapper(
                SnappyStreamCompressionDecorator.INSTANCE.decorateWithCompression(OutputStream.nullOutputStream()));
        boolean pojo = format.equals("pojo");
        player = PlayedState.fiveMinutes();
        playerSerializer = pojo
                ? TypeInformation.of(PlayerState.class).createSerializer(new SerializerConfigImpl())
                : PlayerStateSerializer.INSTANCE;
        profile = new PlayerProfile();
        EventType[] play = EventType.values();
        for (int i = 0; i < 2_000; i++) {
            GameEvent e = TestEvents.event("e" + i, play[i % play.length], 7, PlayedState.T0 + i * 300_000L);
            e.price = 1_200L;
            e.currency = "KRW";
            profile.apply(e, 0.07);
        }
        profileSerializer = pojo
                ? TypeInformation.of(PlayerProfile.class).createSerializer(new SerializerConfigImpl())
                : PlayerProfileSerializer.INSTANCE;
        burst = new RecentActions();
        burst.actions = new Action[BURST];
        burst.passed = new byte[BURST];
        burst.count = BURST;
        for (int i = 0; i < BURST; i++) {
            Action e = new Action();
            e.eventType = i % 3 == 0 ? EventType.PVP_BATTLE : EventType.SKILL_USE;
            e.userId = 1_234_567;
            e.sessionId = "3f0c7a52-5a43-4b6e-9d0e-2c8c3f1d7e11";
            e.timestampMs = PlayedState.T0 + i * 180L;
            e.serverId = "kr-3";
            e.platform = "Android";
            e.skillId = e.eventType == EventType.SKILL_USE ? "skill_" + i % 4 : null;
            e.damage = e.eventType == EventType.SKILL_USE ? 1_000L + i : null;
            burst.actions[i] = e;
        }
        gateSerializer = pojo
                ? TypeInformation.of(RecentActions.class).createSerializer(new SerializerConfigImpl())
                : RecentActionsSerializer.INSTANCE;
    }

    @Benchmark
    public PlayerState playerRoundTrip() throws IOException {
        return roundTrip(playerSerializer, player);
    }

    @Benchmark
    public PlayerState playerCopy() {
        return playerSerializer.copy(player);
    }

    @Benchmark
    public void playerSnapshotWrite() throws IOException {
        playerSerializer.serialize(player, snapshot);
    }

    @Benchmark
    public PlayerProfile profileRoundTrip() throws IOException {
        return roundTrip(profileSerializer, profile);
    }

    @Benchmark
    public PlayerProfile profileCopy() {
        return profileSerializer.copy(profile);
    }

    @Benchmark
    public void profileSnapshotWrite() throws IOException {
        profileSerializer.serialize(profile, snapshot);
    }

    @Benchmark
    public RecentActions gateRoundTrip() throws IOException {
        return roundTrip(gateSerializer, burst);
    }

    @Benchmark
    public RecentActions gateCopy() {
        return gateSerializer.copy(burst);
    }

    @Benchmark
    public void gateSnapshotWrite() throws IOException {
        gateSerializer.serialize(burst, snapshot);
    }

    private <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        out.clear();
        serializer.serialize(value, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return serializer.deserialize(in);
    }
}
