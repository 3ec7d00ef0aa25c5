package io.playpulse.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import io.playpulse.sink.ClickHouseHttp;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard: one page (src/main/resources/dashboard) and a Server-Sent Events stream that
 * pushes a {@link Snapshot} of every panel each refresh interval to every open page. Panels are read
 * once per interval whatever the number of pages, so browsers never reach ClickHouse and send no SQL.
 * <pre>
 *   GET /                 the page
 *   GET /api/stream       the snapshots, as SSE events named "snapshot"
 *   GET /api/snapshot     the latest snapshot, as JSON
 * </pre>
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    static final String SNAPSHOT_EVENT = "snapshot";

    private final Javalin app;
    private final ScheduledExecutorService refresher;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json = new ObjectMapper();
    private volatile String latest;

    public static void main(String[] args) throws InterruptedException {
        DashboardSettings settings = DashboardSettings.from(args, System.getenv());
        DashboardServer server = start(settings, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        LOG.info("PlayPulse dashboard on http://{}:{}/ ({})", settings.host(), server.port(), settings);
        Thread.currentThread().join();
    }

    /** Starts serving; the first snapshot is read before this returns, so no page ever waits for one. */
    public static DashboardServer start(DashboardSettings settings, Clock clock) {
        ClickHouseHttp clickHouse = new ClickHouseHttp(settings.clickHouseUrl(), settings.clickHouseDatabase(),
                settings.clickHouseUser(), settings.clickHousePassword());
        PanelReader panels = new PanelReader(clickHouse, settings.sqlDir(), clock, settings.staleAfter().toSeconds(),
                new JobStatusReader(settings.flinkRest(), clock));
        return new DashboardServer(settings, panels);
    }

    private DashboardServer(DashboardSettings settings, PanelReader panels) {
        long refreshSeconds = settings.refreshInterval().toSeconds();
        refresh(panels, refreshSeconds);
        app = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.staticFiles.add("/dashboard", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
            config.routes.get("/api/snapshot", ctx -> ctx.contentType("application/json").result(latest));
            config.routes.sse("/api/stream", client -> {
                client.keepAlive();
                client.onClose(() -> clients.remove(client));
                clients.add(client);
                send(client, latest);
            });
        }).start();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dashboard-refresh"));
        refresher.scheduleWithFixedDelay(() -> publish(refresh(panels, refreshSeconds)),
                refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
    }

    private String refresh(PanelReader panels, long refreshSeconds) {
        try {
            latest = json.writeValueAsString(panels.read(refreshSeconds));
        } catch (JsonProcessingException | RuntimeException e) {
            // Keep serving the last snapshot: the page marks it stale when no new one comes.
            LOG.warn("could not read the dashboard's panels", e);
        }
        return latest;
    }

    private void publish(String snapshot) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                send(client, snapshot);
            }
        }
    }

    /** One writer at a time per stream: the refresher and a newly connected page may both send. */
    private static void send(SseClient client, String snapshot) {
        synchronized (client) {
            client.sendEvent(SNAPSHOT_EVENT, snapshot);
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        clients.forEach(SseClient::close);
        app.stop();
    }
}
