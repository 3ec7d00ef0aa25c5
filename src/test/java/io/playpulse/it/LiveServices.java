package io.playpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.tools.SchemaTool;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The real Kafka broker and ClickHouse server that scripts/services.sh starts (scripts/test.sh
 * starts them before Maven). Every test gets its own topics and its own database.
 */
public final class LiveServices {
    public static final String KAFKA = env("PLAYPULSE_TEST_KAFKA", "127.0.0.1:9092");
    public static final String CLICKHOUSE = env("PLAYPULSE_TEST_CLICKHOUSE", "http://127.0.0.1:8123");
    /** The user the job writes as: no DDL (scripts/clickhouse/users.xml). */
    public static final String WRITER = "playpulse_writer";

    private LiveServices() {}

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * The read-only ClickHouse user's password: CLICKHOUSE_READER_PASSWORD, or the one
     * scripts/services.sh generated into .run/clickhouse/reader.password.
     */
    public static String readerPassword() throws IOException {
        return password("reader");
    }

    /** The administrator (ClickHouse's {@code default} user, with a password): schema, fresh databases, checks. */
    public static ClickHouseHttp asAdministrator(String database) throws IOException {
        return new ClickHouseHttp(CLICKHOUSE, database, "default", password("admin"));
    }

    /** CLICKHOUSE_{ROLE}_PASSWORD, or the password scripts/services.sh generated into .run/clickhouse/{role}.password. */
    private static String password(String role) throws IOException {
        String fromEnvironment = System.getenv("CLICKHOUSE_" + role.toUpperCase(Locale.ROOT) + "_PASSWORD");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        return Files.readString(Path.of(env("PLAYPULSE_RUN_DIR", ".run"), "clickhouse", role + ".password")).strip();
    }

    /** A port free on this machine now, for a server a test starts. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A name no other test run uses. */
    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    public static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        return Admin.create(p);
    }

    public static void createTopics(Map<String, Integer> partitionsByTopic) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** A new database with sql/schema applied by the same tool the demo uses. */
    public static ClickHouseHttp freshDatabase(String prefix) throws IOException {
        ClickHouseHttp server = asAdministrator(unique(prefix));
        assertThat(server.ping())
                .as("ClickHouse must answer at %s: run scripts/services.sh start (scripts/test.sh does)", CLICKHOUSE)
                .isTrue();
        assertThat(System.getenv(PlayPulseConfig.CLICKHOUSE_USER_ENV))
                .as("the job writes as the user in %s: scripts/test.sh exports the writer's credentials",
                        PlayPulseConfig.CLICKHOUSE_USER_ENV)
                .isEqualTo(WRITER);
        SchemaTool.apply(server, Path.of("sql"));
        return server;
    }

    /**
     * The job's settings for a test of its own: topics {@code name}-events, -dlq and -alerts, the
     * consumer group and transactional ids named after it, the database, parallelism 2.
     */
    public static Map<String, String> jobSettings(String name, ClickHouseHttp clickHouse) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap-servers", KAFKA);
        settings.put("kafka.events-topic", name + "-events");
        settings.put("kafka.dead-letter-topic", name + "-dlq");
        settings.put("kafka.alerts-topic", name + "-alerts");
        settings.put("kafka.consumer-group", name);
        settings.put("kafka.transactional-id-prefix", name);
        settings.put("clickhouse.url", CLICKHOUSE);
        settings.put("clickhouse.database", clickHouse.database());
        settings.put("parallelism", "2");
        return settings;
    }

    /** Stops one of scripts/services.sh's services ("clickhouse" or "kafka") for {@code length}, then starts it again. */
    public static void outage(String service, Duration length) throws Exception {
        stop(service);
        Thread.sleep(length.toMillis());
        start(service);
    }

    /** Stops one of scripts/services.sh's services ("clickhouse" or "kafka"). */
    public static void stop(String service) throws Exception {
        services("stop", service);
    }

    /** Starts one of scripts/services.sh's services again, and returns once it answers. */
    public static void start(String service) throws Exception {
        services("start", service);
    }

    private static void services(String command, String service) throws Exception {
        Scripts.run(Duration.ofMinutes(2), Path.of("target", "services-" + service + ".log"), Map.of(),
                List.of("scripts/services.sh", command, service));
    }

    public static void dropDatabase(ClickHouseHttp clickHouse) throws IOException {
        clickHouse.executeWithoutDatabase("DROP DATABASE IF EXISTS " + clickHouse.database());
    }
}
