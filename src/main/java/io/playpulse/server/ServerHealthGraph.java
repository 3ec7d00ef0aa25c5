package io.playpulse.server;

import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;

import io.playpulse.clickhouse.TableSinks;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.GameEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Server health per server and minute (kpi_server_health_minute): events, errors and response times,
 * added up per subtask ({@link ServerHealthPartials}), then merged per server ({@link ServerHealthWindow}).
 */
public final class ServerHealthGraph {
    private ServerHealthGraph() {}

    /** Wires it from the on-time events; returns its rows, which the server_health alert judges. */
    public static DataStream<ServerHealthMinute> define(DataStream<GameEvent> onTime, PlayPulseConfig config,
            TableSinks outputs) {
        Duration lateness = config.get(ALLOWED_LATENESS);
        DataStream<ServerHealthMinute> serverHealth = onTime
                .transform("health-partials", TypeInformation.of(ServerHealthPartial.class), new ServerHealthPartials())
                .uid("health-partials")
                .keyBy(p -> p.serverId)
                .process(new ServerHealthWindow(lateness))
                .name("kpi-server-health-minute")
                .uid("kpi-server-health-minute");
        serverHealth.sinkTo(outputs.table(ServerHealthMinute.TABLE))
                .name("kpi-server-health-minute-table")
                .uid("sink-kpi-server-health-minute");
        return serverHealth;
    }
}
