package io.playpulse.migration;

import io.playpulse.detect.Action;
import io.playpulse.detect.DenseStretch;
import io.playpulse.detect.DenseStretchGate;
import io.playpulse.detect.DenseWindowGate.RecentEvents;
import io.playpulse.detect.DetectGraph;
import io.playpulse.detect.RecentActions;
import io.playpulse.detect.RecentEventsSerializer;
import io.playpulse.events.GameEvent;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * The three gates of builds up to f887f90, one per counting pattern (uids {@code cep-dense-<rule>},
 * state {@code recent}), into the one {@link DenseStretchGate}: each player's actions once, with the
 * patterns each was passed to as bits, and the gate's clean-up timer. Events a gate had already
 * passed stay passed for its pattern, so CEP is given none twice.
 */
public final class GateMigration {
    public static final OperatorIdentifier DENSE_STRETCHES = OperatorIdentifier.forUid(DetectGraph.DENSE_STRETCHES);
    private static final List<Field> EVENT_FIELDS = Arrays.stream(GameEvent.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .toList();

    private GateMigration() {}

    /** The earlier gate in front of the pattern of {@code rule}. */
    public static OperatorIdentifier earlierGate(String rule) {
        return OperatorIdentifier.forUid("cep-dense-" + rule);
    }

    /** One player's values of the earlier gates, by the bit of their pattern in the current gate (null: none). */
    public static class Player {
        public long userId;
        public RecentEvents[] byStretch;

        public Player() {}
    }

    /** Every player of the earlier gates the savepoint holds, one value per gate. */
    public static DataStream<Player> read(SavepointReader savepoint, SavepointContents contents, List<DenseStretch> stretches)
            throws IOException {
        DataStream<Player> all = null;
        for (int k = 0; k < stretches.size(); k++) {
            OperatorIdentifier gate = earlierGate(stretches.get(k).rule());
            if (contents.holdsState(gate)) {
                DataStream<Player> one = savepoint.readKeyedState(gate, new ReadEarlier(k, stretches.size()), Types.LONG,
                        TypeInformation.of(Player.class));
                all = all == null ? one : all.union(one);
            }
        }
        if (all == null) {
            throw new IllegalArgumentException("the savepoint holds none of the earlier gates");
        }
        return all.keyBy(p -> p.userId).reduce((a, b) -> {
            for (int k = 0; k < b.byStretch.length; k++) {
                a.byStretch[k] = b.byStretch[k] != null ? b.byStretch[k] : a.byStretch[k];
            }
            return a;
        });
    }

    /** The savepoint holds state of an earlier gate. */
    public static boolean needed(SavepointContents contents, List<DenseStretch> stretches) {
        return stretches.stream().anyMatch(s -> contents.holdsState(earlierGate(s.rule())));
    }

    public static StateBootstrapTransformation<Player> write(DataStream<Player> players, DenseStretchGate gate) {
        return OperatorTransformation.bootstrapWith(players)
                .keyBy(p -> p.userId, Types.LONG)
                .transform(new WriteCurrent(gate));
    }

    /**
     * One player's actions from the earlier gates' values. A gate holds every event of a timestamp
     * it counts, or none (it forgets by timestamp), and the patterns' events nest (named skills are
     * skills, skills are actions), so of a timestamp the gate holding the most holds the others' too,
     * in the same order: each of theirs is matched to it field for field. Gates that do not nest so
     * fail here rather than merge wrong.
     */
    static RecentActions merge(long userId, RecentEvents[] byStretch) {
        List<GameEvent> events = new ArrayList<>();
        List<Integer> passed = new ArrayList<>();
        int[] next = new int[byStretch.length];
        while (true) {
            long ts = Long.MAX_VALUE;
            for (int k = 0; k < byStretch.length; k++) {
                if (byStretch[k] != null && next[k] < byStretch[k].events.length) {
                    ts = Math.min(ts, byStretch[k].events[next[k]].timestampMs);
                }
            }
            if (ts == Long.MAX_VALUE) {
                break;
            }
            int[] end = next.clone();
            int most = -1;
            for (int k = 0; k < byStretch.length; k++) {
                while (byStretch[k] != null && end[k] < byStretch[k].events.length && byStretch[k].events[end[k]].timestampMs == ts) {
                    end[k]++;
                }
                if (most < 0 || end[k] - next[k] > end[most] - next[most]) {
                    most = k;
                }
            }
            int from = events.size();
            for (int i = next[most]; i < end[most]; i++) {
                events.add(byStretch[most].events[i]);
                passed.add(0);
            }
            for (int k = 0; k < byStretch.length; k++) {
                int j = from;
                for (int i = next[k]; i < end[k]; i++) {
                    while (j < events.size() && !sameFields(events.get(j), byStretch[k].events[i])) {
                        j++;
                    }
                    if (j == events.size()) {
                        throw new IllegalStateException("player " + userId + ": gate " + k + " holds an event at " + ts
                                + " the others do not, or in another order");
                    }
                    if (byStretch[k].passed[i]) {
                        passed.set(j, passed.get(j) | 1 << k);
                    }
                    j++;
                }
            }
            next = end;
        }
        RecentActions merged = new RecentActions();
        merged.actions = events.stream().map(Action::of).toArray(Action[]::new);
        merged.passed = new byte[passed.size()];
        merged.count = passed.size();
        for (int i = 0; i < merged.passed.length; i++) {
            merged.passed[i] = (byte) (int) passed.get(i);
        }
        return merged;
    }

    private static boolean sameFields(GameEvent a, GameEvent b) {
        try {
            for (Field f : EVENT_FIELDS) {
                if (!Objects.equals(f.get(a), f.get(b))) {
                    return false;
                }
            }
            return true;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class ReadEarlier extends KeyedStateReaderFunction<Long, Player> {
        private static final long serialVersionUID = 1L;
        private final int stretch;
        private final int stretches;
        private transient ValueState<RecentEvents> recent;

        ReadEarlier(int stretch, int stretches) {
            this.stretch = stretch;
            this.stretches = stretches;
        }

        @Override
        public void open(OpenContext openContext) {
            recent = getRuntimeContext().getState(new ValueStateDescriptor<>("recent", RecentEventsSerializer.INSTANCE));
        }

        @Override
        public void readKey(Long userId, Context ctx, Collector<Player> out) throws Exception {
            Player p = new Player();
            p.userId = userId;
            p.byStretch = new RecentEvents[stretches];
            p.byStretch[stretch] = recent.value();
            out.collect(p);
        }
    }

    private static final class WriteCurrent extends KeyedStateBootstrapFunction<Long, Player> {
        private static final long serialVersionUID = 1L;
        private final DenseStretchGate gate;
        private transient ValueState<RecentActions> recent;

        WriteCurrent(DenseStretchGate gate) {
            this.gate = gate;
        }

        @Override
        public void open(OpenContext openContext) {
            recent = getRuntimeContext().getState(DenseStretchGate.recentDescriptor());
        }

        @Override
        public void processElement(Player p, Context ctx) throws Exception {
            RecentActions merged = merge(p.userId, p.byStretch);
            if (merged.count > 0) {
                recent.update(merged);
                ctx.timerService().registerEventTimeTimer(gate.forgetAt(merged));
            }
        }
    }
}
