package io.playpulse.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playpulse.detect.Action;
import io.playpulse.detect.DenseStretch;
import io.playpulse.detect.DenseStretchGate;
import io.playpulse.detect.DenseWindowGate.RecentEvents;
import io.playpulse.detect.DetectGraph;
import io.playpulse.detect.RecentActions;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three gates' values of one player become one: each event once, with the patterns it went to. On
 * both real savepoints (src/test/resources), every gate's events come over value for value.
 */
class GateMigrationTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<DenseStretch> STRETCHES = DetectGraph.denseStretches(SavepointMigrationTest.CONFIG);

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"src/test/resources/savepoint-before-player-package", "src/test/resources/savepoint-three-gates"})
    void everyGatesEventsAndWhatItPassedComeOverValueForValueWithOneCleanUpEach(String fixture) throws Exception {
        String earlier = Path.of(fixture).toAbsolutePath().toString();
        Path migrated = work.resolve("migrated");
        SavepointMigration.migrate(earlier, migrated.toString(), SavepointMigrationTest.CONFIG);

        SavepointReader earlierReader = SavepointReader.read(SavepointMigrationTest.batch(), earlier, new HashMapStateBackend());
        Map<Long, GateMigration.Player> before = new TreeMap<>();
        for (GateMigration.Player p : SavepointMigrationTest.collect(
                GateMigration.read(earlierReader, SavepointContents.of(earlier), STRETCHES))) {
            before.put(p.userId, p);
        }
        SavepointReader migratedReader = SavepointReader.read(SavepointMigrationTest.batch(), migrated.toString(), new HashMapStateBackend());
        Map<Long, Migrated> after = new TreeMap<>();
        for (Migrated m : SavepointMigrationTest.collect(migratedReader.readKeyedState(
                GateMigration.DENSE_STRETCHES, new ReadCurrent(), Types.LONG, TypeInformation.of(Migrated.class)))) {
            after.put(m.userId, m);
        }
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(before).as("players in the fixture").hasSizeGreaterThan(50);
        int passedEvents = 0;
        DenseStretchGate gate = new DenseStretchGate(STRETCHES);
        for (GateMigration.Player p : before.values()) {
            Migrated m = after.get(p.userId);
            for (int k = 0; k < STRETCHES.size(); k++) {
                RecentEvents held = p.byStretch[k];
                List<String> expected = new ArrayList<>();
                List<String> actual = new ArrayList<>();
                for (int i = 0; held != null && i < held.events.length; i++) {
                    expected.add(JSON.writeValueAsString(held.events[i]) + (held.passed[i] ? " passed" : ""));
                    passedEvents += held.passed[i] ? 1 : 0;
                }
                long since = held == null || held.events.length == 0 ? Long.MAX_VALUE : held.events[0].timestampMs;
                for (int i = 0; i < m.recent.count; i++) {
                    Action a = m.recent.actions[i];
                    if (a.timestampMs >= since && STRETCHES.get(k).counts(a)) {
                        actual.add(JSON.writeValueAsString(a.toEvent()) + ((m.recent.passed[i] & 1 << k) != 0 ? " passed" : ""));
                    }
                }
                assertThat(actual).as("player %d, %s", p.userId, STRETCHES.get(k).rule()).isEqualTo(expected);
            }
            assertThat(m.eventTimeTimers).as("player %d's clean-up", p.userId).containsExactly(gate.forgetAt(m.recent));
        }
        assertThat(passedEvents).as("the fixture's gates had passed events on").isGreaterThan(0);
    }

    /** One player's state in the current gate, and its timers. */
    public static class Migrated {
        public long userId;
        public RecentActions recent;
        public long[] eventTimeTimers;

        public Migrated() {}
    }

    private static final class ReadCurrent extends KeyedStateReaderFunction<Long, Migrated> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<RecentActions> recent;

        @Override
        public void open(OpenContext openContext) {
            recent = getRuntimeContext().getState(DenseStretchGate.recentDescriptor());
        }

        @Override
        public void readKey(Long userId, Context ctx, Collector<Migrated> out) throws Exception {
            Migrated m = new Migrated();
            m.userId = userId;
            m.recent = recent.value();
            m.eventTimeTimers = ctx.registeredEventTimeTimers().stream().mapToLong(Long::longValue).sorted().toArray();
            out.collect(m);
        }
    }

    @Test
    void eachEventOnceWithTheBitsOfTheGatesThatPassedItWhateverEachGateHadForgotten() {
        GameEvent skillA = skill("fireball", T0);
        GameEvent skillB = skill("heal", T0 + 1_000);
        GameEvent unnamed = skill(null, T0 + 2_000);
        GameEvent skillC = skill("fireball", T0 + 3_000);
        GameEvent death = action(EventType.PLAYER_DEATH, T0 + 3_000);
        // The skill-burst gate forgot the first second; the action-rate gate the first two.
        RecentEvents skills = held(List.of(skillB, unnamed, skillC), true, false, true);
        RecentEvents named = held(List.of(skillA, skillB, skillC), true, true, false);
        RecentEvents actions = held(List.of(unnamed, skillC, death), false, false, true);

        RecentActions merged = GateMigration.merge(7, new RecentEvents[] {skills, named, actions});

        assertThat(events(merged)).containsExactly(skillA, skillB, unnamed, skillC, death);
        assertThat(merged.passed).containsExactly(0b010, 0b011, 0b000, 0b001, 0b100);
    }

    @Test
    void withinATimestampTheOrderTheyCameInAndIdenticalEventsEachKeepTheirOwnBit() {
        GameEvent first = skill("dash", T0);
        GameEvent twin = skill("dash", T0);
        GameEvent chat = action(EventType.CHAT_MESSAGE, T0);
        RecentEvents skills = held(List.of(first, twin), false, true);
        RecentEvents actions = held(List.of(first, chat, twin), true, true, false);

        RecentActions merged = GateMigration.merge(7, new RecentEvents[] {skills, null, actions});

        assertThat(events(merged)).containsExactly(first, chat, twin);
        assertThat(merged.passed).containsExactly(0b100, 0b100, 0b001);
    }

    @Test
    void refusesGatesThatDisagree() {
        RecentEvents skills = held(List.of(skill("dash", T0)), false);
        RecentEvents actions = held(List.of(skill("heal", T0), action(EventType.CHAT_MESSAGE, T0)), false, false);

        assertThatThrownBy(() -> GateMigration.merge(7, new RecentEvents[] {skills, null, actions}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("player 7");
    }

    private static List<GameEvent> events(RecentActions r) {
        return Arrays.stream(r.actions, 0, r.count).map(Action::toEvent).toList();
    }

    private static RecentEvents held(List<GameEvent> events, boolean... passed) {
        RecentEvents r = new RecentEvents();
        r.events = new ArrayList<>(events).toArray(new GameEvent[0]);
        r.passed = passed;
        return r;
    }

    private static GameEvent skill(String skillId, long ts) {
        GameEvent e = action(EventType.SKILL_USE, ts);
        e.skillId = skillId;
        return e;
    }

    private static GameEvent action(EventType type, long ts) {
        GameEvent e = new GameEvent();
        e.eventType = type;
        e.userId = 7;
        e.sessionId = "s-7";
        e.timestampMs = ts;
        e.serverId = "kr-1";
        e.platform = "iOS";
        return e;
    }
}
