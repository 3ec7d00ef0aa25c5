package io.playpulse.player;

import static io.playpulse.state.VarInts.readSignedVarLong;
import static io.playpulse.state.VarInts.readVarInt;
import static io.playpulse.state.VarInts.writeSignedVarLong;
import static io.playpulse.state.VarInts.writeVarLong;

import io.playpulse.state.CompactSerializer;
import io.playpulse.state.ReplacesPojoSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link PlayerProfile} field by field, with no reflection: counts as variable-length
 * numbers, the last activity whole and every other instant as its distance from it (small for a
 * live player). Flink's POJO serializer writes each of its 24 fields through
 * reflection, every long in eight bytes. {@link #copy} clones the arrays.
 *
 * <p>Savepoints from before this serializer hold the profile as a POJO: Flink reads them with that
 * serializer and writes them on with this one.
 */
public final class PlayerProfileSerializer extends CompactSerializer<PlayerProfile> {
    private static final long serialVersionUID = 1L;

    public static final PlayerProfileSerializer INSTANCE = new PlayerProfileSerializer();

    @Override
    public PlayerProfile createInstance() {
        return new PlayerProfile();
    }

    @Override
    public PlayerProfile copy(PlayerProfile from) {
        PlayerProfile p = new PlayerProfile();
        p.firstSeenMs = from.firstSeenMs;
        p.lastActivityMs = from.lastActivityMs;
        p.totalEvents = from.totalEvents;
        p.eventsByType = from.eventsByType.clone();
        p.closedSessions = from.closedSessions;
        p.closedSessionMs = from.closedSessionMs;
        p.longestSessionMs = from.longestSessionMs;
        p.sessionOpen = from.sessionOpen;
        p.sessionStartMs = from.sessionStartMs;
        p.sessionLastMs = from.sessionLastMs;
        p.lastSessionEndMs = from.lastSessionEndMs;
        p.purchases = from.purchases;
        p.spendUsdCents = from.spendUsdCents;
        p.levelUps = from.levelUps;
        p.activeDays = from.activeDays;
        p.hourMask = from.hourMask;
        p.recentDay = from.recentDay;
        p.recentEvents = from.recentEvents.clone();
        p.recentSessions = from.recentSessions.clone();
        p.serverId = from.serverId;
        p.platform = from.platform;
        p.lastDailyMs = from.lastDailyMs;
        p.dailyTimerMs = from.dailyTimerMs;
        p.idleCheckMs = from.idleCheckMs;
        return p;
    }

    @Override
    protected void write(PlayerProfile p, DataOutputView out) throws IOException {
        long last = p.lastActivityMs;
        out.writeLong(last);
        writeSignedVarLong(p.firstSeenMs - last, out);
        writeSignedVarLong(p.totalEvents, out);
        writeCounts(p.eventsByType, out);
        writeSignedVarLong(p.closedSessions, out);
        writeSignedVarLong(p.closedSessionMs, out);
        writeSignedVarLong(p.longestSessionMs, out);
        out.writeBoolean(p.sessionOpen);
        writeSignedVarLong(p.sessionStartMs - last, out);
        writeSignedVarLong(p.sessionLastMs - last, out);
        writeSignedVarLong(p.lastSessionEndMs - last, out);
        writeSignedVarLong(p.purchases, out);
        out.writeDouble(p.spendUsdCents);
        writeSignedVarLong(p.levelUps, out);
        writeSignedVarLong(p.activeDays, out);
        out.writeInt(p.hourMask);
        writeSignedVarLong(p.recentDay, out);
        writeCounts(p.recentEvents, out);
        writeCounts(p.recentSessions, out);
        StringValue.writeString(p.serverId, out);
        StringValue.writeString(p.platform, out);
        writeSignedVarLong(p.lastDailyMs - last, out);
        writeSignedVarLong(p.dailyTimerMs - last, out);
        writeSignedVarLong(p.idleCheckMs - last, out);
    }

    @Override
    public PlayerProfile deserialize(DataInputView in) throws IOException {
        PlayerProfile p = new PlayerProfile();
        long last = in.readLong();
        p.lastActivityMs = last;
        p.firstSeenMs = last + readSignedVarLong(in);
        p.totalEvents = readSignedVarLong(in);
        p.eventsByType = readCounts(in);
        p.closedSessions = readSignedVarLong(in);
        p.closedSessionMs = readSignedVarLong(in);
        p.longestSessionMs = readSignedVarLong(in);
        p.sessionOpen = in.readBoolean();
        p.sessionStartMs = last + readSignedVarLong(in);
        p.sessionLastMs = last + readSignedVarLong(in);
        p.lastSessionEndMs = last + readSignedVarLong(in);
        p.purchases = readSignedVarLong(in);
        p.spendUsdCents = in.readDouble();
        p.levelUps = readSignedVarLong(in);
        p.activeDays = readSignedVarLong(in);
        p.hourMask = in.readInt();
        p.recentDay = readSignedVarLong(in);
        p.recentEvents = readCounts(in);
        p.recentSessions = readCounts(in);
        p.serverId = StringValue.readString(in);
        p.platform = StringValue.readString(in);
        p.lastDailyMs = last + readSignedVarLong(in);
        p.dailyTimerMs = last + readSignedVarLong(in);
        p.idleCheckMs = last + readSignedVarLong(in);
        return p;
    }

    private static void writeCounts(long[] counts, DataOutputView out) throws IOException {
        writeVarLong(counts.length, out);
        for (long count : counts) {
            writeSignedVarLong(count, out);
        }
    }

    private static long[] readCounts(DataInputView in) throws IOException {
        long[] counts = new long[readVarInt(in)];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = readSignedVarLong(in);
        }
        return counts;
    }

    @Override
    public TypeSerializerSnapshot<PlayerProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads a checkpoint of this format; one of the POJO serializer (builds before it) is rewritten in it. */
    public static final class Snapshot extends ReplacesPojoSnapshot<PlayerProfile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
