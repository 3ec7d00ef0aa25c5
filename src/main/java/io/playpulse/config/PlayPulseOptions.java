package io.playpulse.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every PlayPulse setting, as a Flink {@link ConfigOption} under the {@code playpulse.} prefix, so
 * the same key works in flink-conf/config.yaml, in a FlinkDeployment's flinkConfiguration and as a
 * program argument ({@code --kafka.bootstrap-servers host:9092}).
 */
public final class PlayPulseOptions {
    public static final String PREFIX = "playpulse.";

    // Kafka; scripts/services.sh creates the three topics under their default names.
    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            key(PREFIX + "kafka.bootstrap-servers").stringType().defaultValue("127.0.0.1:9092");
    public static final ConfigOption<String> EVENTS_TOPIC =
            key(PREFIX + "kafka.events-topic").stringType().defaultValue("game-events");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            key(PREFIX + "kafka.dead-letter-topic").stringType().defaultValue("game-events-dlq");
    public static final ConfigOption<String> ALERTS_TOPIC =
            key(PREFIX + "kafka.alerts-topic").stringType().defaultValue("game-alerts");
    public static final ConfigOption<String> CONSUMER_GROUP =
            key(PREFIX + "kafka.consumer-group").stringType().defaultValue("playpulse");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key(PREFIX + "kafka.transactional-id-prefix").stringType().defaultValue("playpulse");
    /** Must not exceed the brokers' transaction.max.timeout.ms (15 min by default). */
    public static final ConfigOption<Duration> KAFKA_TRANSACTION_TIMEOUT =
            key(PREFIX + "kafka.transaction-timeout").durationType().defaultValue(Duration.ofMinutes(15));
    /**
     * How long the transactional sinks wait for the broker (Kafka's max.block.ms): at the first checkpoint
     * of a broker outage, its next transaction's producer waits this long, then the job restarts; a failing
     * task's writers wait as long each while closing. At most a minute: the source's partition discovery
     * fails the job after about a minute of outage anyway, and Flink's task.cancellation.timeout (3 min)
     * must outlast the closing writers.
     */
    public static final ConfigOption<Duration> KAFKA_PRODUCER_MAX_BLOCK =
            key(PREFIX + "kafka.producer-max-block").durationType().defaultValue(Duration.ofMinutes(1));

    // ClickHouse
    public static final ConfigOption<String> CLICKHOUSE_URL =
            key(PREFIX + "clickhouse.url").stringType().defaultValue("http://127.0.0.1:8123");
    public static final ConfigOption<String> CLICKHOUSE_DATABASE =
            key(PREFIX + "clickhouse.database").stringType().defaultValue("playpulse");
    /**
     * At most this many rows per insert. Each insert is a part ClickHouse writes and then merges, so
     * the bigger the batch, the less ClickHouse works per row: on this machine 20,000 cut its CPU per
     * record by 40-65% against 5,000, and 50,000 halved the parts and the rows merged again once the
     * job ran at 80,000-90,000 records/s, where 20,000-row batches filled twice a second
     * (docs/performance.md). The flush interval still bounds the wait; this bounds the writer's memory.
     */
    public static final ConfigOption<Integer> CLICKHOUSE_BATCH_SIZE =
            key(PREFIX + "clickhouse.batch-size").intType().defaultValue(50_000);
    /** How long a row of a table with a row per event ({@code game_events}) waits to be sent: its freshness. */
    public static final ConfigOption<Duration> CLICKHOUSE_FLUSH_INTERVAL =
            key(PREFIX + "clickhouse.flush-interval").durationType().defaultValue(Duration.ofSeconds(1));
    /**
     * The same for the tables with far fewer rows than events (KPIs, alerts, churn predictions, dead
     * letters). Every send is a part ClickHouse writes and then merges, however few its rows, so these
     * are sent less often; a KPI minute closes once a minute and the alert topic shows alerts at each
     * checkpoint anyway.
     */
    public static final ConfigOption<Duration> CLICKHOUSE_SPARSE_FLUSH_INTERVAL =
            key(PREFIX + "clickhouse.sparse-flush-interval").durationType().defaultValue(Duration.ofSeconds(5));
    /**
     * How long a failed insert is retried (with backoff, the task blocked, the job backpressured)
     * before the task fails and Flink restarts it. Must leave room within the checkpoint timeout and
     * the Kafka transaction timeout.
     */
    public static final ConfigOption<Duration> CLICKHOUSE_RETRY_BUDGET =
            key(PREFIX + "clickhouse.retry-budget").durationType().defaultValue(Duration.ofMinutes(3));

    // Job
    public static final ConfigOption<Integer> PARALLELISM =
            key(PREFIX + "parallelism").intType().defaultValue(2);
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key(PREFIX + "checkpoint-interval").durationType().defaultValue(Duration.ofSeconds(10));

    // Event time
    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            key(PREFIX + "event-time.out-of-orderness").durationType().defaultValue(Duration.ofSeconds(5));
    public static final ConfigOption<Duration> ALLOWED_LATENESS =
            key(PREFIX + "event-time.allowed-lateness").durationType().defaultValue(Duration.ofMinutes(1));
    /** A partition silent this long stops holding the watermark back; longer than a broker restart (docs/event-contract.md, event time). */
    public static final ConfigOption<Duration> SOURCE_IDLENESS =
            key(PREFIX + "event-time.idleness").durationType().defaultValue(Duration.ofMinutes(2));

    // Validation and de-duplication
    public static final ConfigOption<Integer> MAX_PAYLOAD_BYTES =
            key(PREFIX + "validation.max-payload-bytes").intType().defaultValue(64 * 1024);
    public static final ConfigOption<Duration> MAX_EVENT_AGE =
            key(PREFIX + "validation.max-event-age").durationType().defaultValue(Duration.ofDays(7));
    public static final ConfigOption<Duration> MAX_CLOCK_SKEW =
            key(PREFIX + "validation.max-future").durationType().defaultValue(Duration.ofMinutes(5));
    public static final ConfigOption<Duration> DEDUP_HORIZON =
            key(PREFIX + "dedup.horizon").durationType().defaultValue(Duration.ofHours(1));

    // Players
    /** A player without events for this long is offline (concurrent users, sessions). */
    public static final ConfigOption<Duration> SESSION_IDLE_TIMEOUT =
            key(PREFIX + "session.idle-timeout").durationType().defaultValue(Duration.ofMinutes(30));
    /** How long a player's first-seen day is remembered without activity (state TTL). */
    public static final ConfigOption<Duration> PLAYER_RETENTION =
            key(PREFIX + "player.retention").durationType().defaultValue(Duration.ofDays(90));

    // Churn
    /** The churn model file (models/churn-*.json); empty: features are still written, without scores. */
    public static final ConfigOption<String> CHURN_MODEL =
            key(PREFIX + "churn.model").stringType().defaultValue("");
    /** Approximate US cents per minor unit, to add up a player's spend across currencies (a feature only). */
    public static final ConfigOption<Map<String, String>> CHURN_USD_CENTS =
            key(PREFIX + "churn.usd-cents-per-minor-unit").mapType()
                    .defaultValue(Map.of("USD", "1", "EUR", "1.08", "KRW", "0.075", "JPY", "0.67"));
    /** Players are scored every midnight until this long after their last activity. */
    public static final ConfigOption<Duration> CHURN_DAILY_SCORING =
            key(PREFIX + "churn.daily-scoring-for").durationType().defaultValue(Duration.ofDays(14));

    // Alert rules
    public static final ConfigOption<List<String>> CRASH_ERROR_TYPES =
            key(PREFIX + "alert.crash-error-types").stringType().asList().defaultValues("crash", "memory_leak");
    /** One page per player (or server) and rule per this much event time; further firings update it. */
    public static final ConfigOption<Duration> ALERT_SUPPRESSION =
            key(PREFIX + "alert.suppression").durationType().defaultValue(Duration.ofMinutes(10));
    public static final ConfigOption<Integer> SKILL_BURST_COUNT =
            key(PREFIX + "alert.macro.skill-burst-count").intType().defaultValue(50);
    public static final ConfigOption<Duration> SKILL_BURST_WINDOW =
            key(PREFIX + "alert.macro.skill-burst-window").durationType().defaultValue(Duration.ofSeconds(10));
    /** More than this many uses of one skill in a minute. */
    public static final ConfigOption<Integer> REPEATED_SKILL_LIMIT =
            key(PREFIX + "alert.macro.repeated-skill-per-minute").intType().defaultValue(30);
    /** More than this many actions in a minute. */
    public static final ConfigOption<Integer> ACTIONS_LIMIT =
            key(PREFIX + "alert.macro.actions-per-minute").intType().defaultValue(60);
    /** One hit (SKILL_USE damage or PVP_BATTLE damage_dealt) above this. */
    public static final ConfigOption<Long> MAX_DAMAGE =
            key(PREFIX + "alert.macro.max-damage").longType().defaultValue(50_000L);
    /** A payment or purchase above this (minor units), for currencies without their own threshold. */
    public static final ConfigOption<Long> HIGH_VALUE_DEFAULT =
            key(PREFIX + "alert.high-value.default-threshold").longType().defaultValue(10_000L);
    /** Per-currency thresholds (minor units), e.g. {KRW: 150000, JPY: 15000}. */
    public static final ConfigOption<Map<String, String>> HIGH_VALUE_THRESHOLDS =
            key(PREFIX + "alert.high-value.thresholds").mapType()
                    .defaultValue(Map.of("KRW", "150000", "JPY", "15000"));
    /** More than this many crashes on one server in a 5-minute window is critical. */
    public static final ConfigOption<Integer> CRASH_SPIKE_COUNT =
            key(PREFIX + "alert.crash-spike.count").intType().defaultValue(20);
    /** A server's minute is unhealthy with a p95 response time above this (ms)... */
    public static final ConfigOption<Double> SERVER_HEALTH_P95_MS =
            key(PREFIX + "alert.server-health.p95-ms").doubleType().defaultValue(200.0);
    /** ...or with more than this share of its events errors. */
    public static final ConfigOption<Double> SERVER_HEALTH_ERROR_RATE =
            key(PREFIX + "alert.server-health.error-rate").doubleType().defaultValue(0.05);
    /** This many unhealthy minutes in a row page. */
    public static final ConfigOption<Integer> SERVER_HEALTH_MINUTES =
            key(PREFIX + "alert.server-health.minutes").intType().defaultValue(3);
    /** Logouts in 5 minutes above this many times the trailing average. */
    public static final ConfigOption<Double> LOGOUT_SURGE_FACTOR =
            key(PREFIX + "alert.logout-surge.factor").doubleType().defaultValue(2.0);
    /** ...and at least this many logouts, so that quiet servers do not page on noise. */
    public static final ConfigOption<Integer> LOGOUT_SURGE_MIN =
            key(PREFIX + "alert.logout-surge.min-logouts").intType().defaultValue(10);
    /** 5-minute revenue below this fraction of the trailing average. */
    public static final ConfigOption<Double> REVENUE_DROP_FRACTION =
            key(PREFIX + "alert.revenue-drop.fraction").doubleType().defaultValue(0.25);
    /** ...when the trailing windows averaged at least this many transactions each. */
    public static final ConfigOption<Double> REVENUE_DROP_MIN_TRANSACTIONS =
            key(PREFIX + "alert.revenue-drop.min-baseline-transactions").doubleType().defaultValue(5.0);
    /** How many 5-minute windows the trailing baselines average (12: the last hour). */
    public static final ConfigOption<Integer> BASELINE_WINDOWS =
            key(PREFIX + "alert.baseline-windows").intType().defaultValue(12);
    /** Concurrent players below this raise a warning when they fall through it; 0 switches it off. */
    public static final ConfigOption<Long> CCU_FLOOR =
            key(PREFIX + "alert.ccu-floor").longType().defaultValue(0L);

    /** Every option above, for validating configurations. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new java.util.ArrayList<>();
        for (java.lang.reflect.Field field : PlayPulseOptions.class.getFields()) {
            if (field.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    private PlayPulseOptions() {}
}
