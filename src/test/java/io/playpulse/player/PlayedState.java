package io.playpulse.player;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** A {@link PlayerState} as {@link PlayerActivity} makes it, for the serializer's tests and benchmark. */
public final class PlayedState {
    public static final long T0 = 1_764_028_800_000L; // a UTC midnight

    private PlayedState() {}

    /** What the player function keeps for a player who logged in and played five minutes, an event every 10 s. */
    public static PlayerState fiveMinutes() throws Exception {
        PlayPulseConfig config = PlayPulseConfig.of(Map.of("event-time.allowed-lateness", "1 min"));
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact>(
                new KeyedProcessOperator<>(new PlayerActivity(PlayerActivity.Settings.from(config))), e -> e.userId, Types.LONG)) {
            harness.open();
            EventType[] play = {EventType.USER_LOGIN, EventType.SKILL_USE, EventType.PVP_BATTLE, EventType.QUEST_COMPLETE,
                    EventType.ITEM_PURCHASE, EventType.LEVEL_UP, EventType.SKILL_USE};
            for (int i = 0; i < 30; i++) {
                long ts = T0 + i * 10_000L;
                GameEvent e = TestEvents.event("e" + i, play[i % play.length], 7, ts);
                e.level = 10 + i / 10;
                e.currency = "KRW";
                harness.processElement(e, ts);
            }
            var backend = harness.getOperator().<Long>getKeyedStateBackend();
            backend.setCurrentKey(7L);
            return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    PlayerActivity.playerDescriptor()).value();
        }
    }
}
