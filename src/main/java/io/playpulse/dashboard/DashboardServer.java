package io.playpulse.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import io.playpulse.clickhouse.ClickHouseHttp;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final int SHUTDOWN_WAIT_SECONDS = 5;

    private final Javalin app;
    private final ScheduledExecutorService refresher;
    /** Writes to the pages, so a page that stops reading never holds up the reads or the other pages. */
    private final ExecutorService senders;
    /** Each open stream, and whether a snapshot is still being written to it (then it skips the next). */
    private final Map<SseClient, AtomicBoolean> clients = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String latest;

    public static void main(String[] args) throws InterruptedException {
        DashboardSettings settings = DashboardSettings.from(args, System.getenv());
        DashboardServer server = start(settings, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        LOG.info("PlayPulse dashboard on http://{}:{}/ ({})", settings.host(), server.port(), settings);
        Thread.currentThread().join();
    }

    /**
     * Starts serving. The first snapshot is read before this returns, so a page gets one the moment
     * its stream opens (a panel that could not be read says so).
     */
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
        senders = Executors.newCachedThreadPool(r -> daemon(r, "dashboard-send"));
        app = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.staticFiles.add("/dashboard", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
            config.routes.get("/api/snapshot", ctx -> {
                String snapshot = latest;
                if (snapshot == null) {
                    ctx.status(503).result("no snapshot yet");
                } else {
                    ctx.contentType("application/json").result(snapshot);
                }
            });
            config.routes.sse("/api/stream", client -> {
                client.keepAlive();
                client.onClose(() -> clients.remove(client));
                clients.put(client, new AtomicBoolean());
                send(client, latest);
            });
        }).start();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dashboard-refresh"));
        // A fixed rate: a slow read shortens the pause after it, so pages hear every refresh interval.
        refresher.scheduleAtFixedRate(() -> {
            // Nothing may escape: an exception would cancel the schedule for good.
            try {
                publish(refresh(panels, refreshSeconds));
            } catch (Throwable t) {
                LOG.error("the dashboard's refresh failed", t);
            }
        }, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    private String refresh(PanelReader panels, long refreshSeconds) {
        try {
            latest = json.writeValueAsString(panels.read(refreshSeconds));
        } catch (JsonProcessingException e) {
            // Keep serving the last snapshot: the page marks it stale when no newer one comes.
            LOG.error("could not write the dashboard's snapshot", e);
        }
        return latest;
    }

    private void publish(String snapshot) {
        clients.keySet().forEach(client -> send(client, snapshot));
    }

    /** Sends in the background, unless the stream is closed or still busy with the previous snapshot. */
    private void send(SseClient client, String snapshot) {
        AtomicBoolean busy = clients.get(client);
        if (snapshot == null || closing.get() || busy == null) {
            return;
        }
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        if (busy.compareAndSet(false, true)) {
            senders.execute(() -> {
                try {
                    client.sendEvent(SNAPSHOT_EVENT, snapshot);
                } catch (RuntimeException e) {
                    clients.remove(client);
                } finally {
                    busy.set(false);
                }
            });
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        refresher.shutdown();
        try {
            refresher.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refresher.shutdownNow();
        senders.shutdownNow();
        clients.keySet().forEach(SseClient::close);
        app.stop();
    }
}
