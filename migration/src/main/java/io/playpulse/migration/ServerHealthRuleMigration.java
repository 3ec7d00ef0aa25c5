package io.playpulse.migration;

import io.playpulse.detect.ServerHealthRule;
import io.playpulse.server.ServerHealthMinute;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
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
 * The server-health rule's state, from {@code io.playpulse.kpi.ServerHealthMinute} (builds up to
 * 12c398b) to the {@code server} package's: each server's minutes waiting to be judged, its
 * unhealthy run and its timers.
 */
public final class ServerHealthRuleMigration {
    /** The rule's uid (DetectGraph). */
    public static final OperatorIdentifier SERVER_HEALTH_RULE = OperatorIdentifier.forUid("rule-server-health");

    private ServerHealthRuleMigration() {}

    /** One server's state as the current build holds it. */
    public static class Server {
        public String serverId;
        public ServerHealthMinute[] pendingMinutes;
        public long[] unhealthyRun;
        public long[] eventTimeTimers;

        public Server() {}
    }

    public static DataStream<Server> read(SavepointReader savepoint) throws IOException {
        return savepoint.readKeyedState(SERVER_HEALTH_RULE, new ReadEarlier(), Types.STRING, TypeInformation.of(Server.class));
    }

    public static StateBootstrapTransformation<Server> write(DataStream<Server> servers) {
        return OperatorTransformation.bootstrapWith(servers)
                .keyBy(s -> s.serverId, Types.STRING)
                .transform(new WriteCurrent());
    }

    private static final class ReadEarlier extends KeyedStateReaderFunction<String, Server> {
        private static final long serialVersionUID = 1L;
        private transient MapState<Long, io.playpulse.kpi.ServerHealthMinute> pending;
        private transient ValueState<long[]> run;

        @Override
        public void open(OpenContext openContext) {
            MapStateDescriptor<Long, ServerHealthMinute> current = ServerHealthRule.pendingDescriptor();
            pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(current.getName(), Types.LONG,
                    TypeInformation.of(io.playpulse.kpi.ServerHealthMinute.class)));
            run = getRuntimeContext().getState(ServerHealthRule.runDescriptor());
        }

        @Override
        public void readKey(String serverId, Context ctx, Collector<Server> out) throws Exception {
            Server s = new Server();
            s.serverId = serverId;
            List<ServerHealthMinute> minutes = new ArrayList<>();
            for (Map.Entry<Long, io.playpulse.kpi.ServerHealthMinute> e : pending.entries()) {
                ServerHealthMinute minute = SameFields.copy(e.getValue(), ServerHealthMinute.class);
                if (minute.windowStartMs != e.getKey()) {
                    throw new IllegalStateException("server " + serverId + ": minute " + e.getKey() + " holds " + minute.windowStartMs);
                }
                minutes.add(minute);
            }
            s.pendingMinutes = minutes.toArray(new ServerHealthMinute[0]);
            s.unhealthyRun = run.value();
            s.eventTimeTimers = ctx.registeredEventTimeTimers().stream().mapToLong(Long::longValue).sorted().toArray();
            out.collect(s);
        }
    }

    private static final class WriteCurrent extends KeyedStateBootstrapFunction<String, Server> {
        private static final long serialVersionUID = 1L;
        private transient MapState<Long, ServerHealthMinute> pending;
        private transient ValueState<long[]> run;

        @Override
        public void open(OpenContext openContext) {
            pending = getRuntimeContext().getMapState(ServerHealthRule.pendingDescriptor());
            run = getRuntimeContext().getState(ServerHealthRule.runDescriptor());
        }

        @Override
        public void processElement(Server s, Context ctx) throws Exception {
            for (ServerHealthMinute minute : s.pendingMinutes) {
                pending.put(minute.windowStartMs, minute);
            }
            if (s.unhealthyRun != null) {
                run.update(s.unhealthyRun);
            }
            for (long t : s.eventTimeTimers) {
                ctx.timerService().registerEventTimeTimer(t);
            }
        }
    }
}
