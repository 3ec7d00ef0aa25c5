package io.playpulse.config;

import static io.playpulse.config.PlayPulseOptions.*;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.ParameterTool;

/**
 * The job's one typed configuration. Values come, in rising precedence, from the defaults in
 * {@link PlayPulseOptions}, the Flink configuration, and program arguments. Credentials come only
 * from the environment (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD), never from files in the repository.
 */
public final class PlayPulseConfig implements Serializable {
    /** Where the ClickHouse credentials come from: the environment (in Kubernetes, a Secret), on every process. */
    public static final String CLICKHOUSE_USER_ENV = "CLICKHOUSE_USER";
    public static final String CLICKHOUSE_PASSWORD_ENV = "CLICKHOUSE_PASSWORD";

    private static final long serialVersionUID = 1L;

    public final String kafkaBootstrapServers;
    public final String eventsTopic;
    public final String deadLetterTopic;
    public final String alertsTopic;
    public final String consumerGroup;
    public final String transactionalIdPrefix;
    public final Duration kafkaTransactionTimeout;

    public final String clickHouseUrl;
    public final String clickHouseDatabase;
    public final String clickHouseUser;
    public final String clickHousePassword;
    public final int clickHouseBatchSize;
    public final Duration clickHouseFlushInterval;
    public final Duration clickHouseRetryBudget;

    public final int parallelism;
    public final Duration checkpointInterval;

    public final Duration outOfOrderness;
    public final Duration allowedLateness;
    public final Duration sourceIdleness;

    public final int maxPayloadBytes;
    public final Duration maxEventAge;
    public final Duration maxClockSkew;
    public final Duration dedupHorizon;

    public final Duration sessionIdleTimeout;
    public final Duration playerRetention;

    public final String churnModel;
    public final Map<String, Double> churnUsdCents;
    public final Duration churnDailyScoring;

    public final List<String> crashErrorTypes;
    public final Duration alertSuppression;
    public final int skillBurstCount;
    public final Duration skillBurstWindow;
    public final int repeatedSkillLimit;
    public final int actionsLimit;
    public final long maxDamage;
    public final long highValueDefault;
    public final Map<String, Long> highValueThresholds;
    public final int crashSpikeCount;
    public final double serverHealthP95Ms;
    public final double serverHealthErrorRate;
    public final int serverHealthMinutes;
    public final double logoutSurgeFactor;
    public final int logoutSurgeMin;
    public final double revenueDropFraction;
    public final double revenueDropMinTransactions;
    public final int baselineWindows;
    public final long ccuFloor;

    private PlayPulseConfig(ReadableConfig c, Map<String, String> environment) {
        kafkaBootstrapServers = c.get(KAFKA_BOOTSTRAP_SERVERS);
        eventsTopic = c.get(EVENTS_TOPIC);
        deadLetterTopic = c.get(DEAD_LETTER_TOPIC);
        alertsTopic = c.get(ALERTS_TOPIC);
        consumerGroup = c.get(CONSUMER_GROUP);
        transactionalIdPrefix = c.get(TRANSACTIONAL_ID_PREFIX);
        kafkaTransactionTimeout = c.get(KAFKA_TRANSACTION_TIMEOUT);

        clickHouseUrl = stripTrailingSlash(c.get(CLICKHOUSE_URL));
        clickHouseDatabase = c.get(CLICKHOUSE_DATABASE);
        clickHouseUser = clickHouseUser(environment);
        clickHousePassword = clickHousePassword(environment);
        clickHouseBatchSize = c.get(CLICKHOUSE_BATCH_SIZE);
        clickHouseFlushInterval = c.get(CLICKHOUSE_FLUSH_INTERVAL);
        clickHouseRetryBudget = c.get(CLICKHOUSE_RETRY_BUDGET);

        parallelism = c.get(PARALLELISM);
        checkpointInterval = c.get(CHECKPOINT_INTERVAL);

        outOfOrderness = c.get(OUT_OF_ORDERNESS);
        allowedLateness = c.get(ALLOWED_LATENESS);
        sourceIdleness = c.get(SOURCE_IDLENESS);

        maxPayloadBytes = c.get(MAX_PAYLOAD_BYTES);
        maxEventAge = c.get(MAX_EVENT_AGE);
        maxClockSkew = c.get(MAX_CLOCK_SKEW);
        dedupHorizon = c.get(DEDUP_HORIZON);

        sessionIdleTimeout = c.get(SESSION_IDLE_TIMEOUT);
        playerRetention = c.get(PLAYER_RETENTION);

        churnModel = c.get(CHURN_MODEL);
        Map<String, Double> rates = new java.util.TreeMap<>();
        c.get(CHURN_USD_CENTS).forEach((currency, rate) -> rates.put(currency, Double.parseDouble(rate.trim())));
        churnUsdCents = java.util.Collections.unmodifiableMap(rates);
        churnDailyScoring = c.get(CHURN_DAILY_SCORING);

        crashErrorTypes = List.copyOf(c.get(CRASH_ERROR_TYPES));
        alertSuppression = c.get(ALERT_SUPPRESSION);
        skillBurstCount = c.get(SKILL_BURST_COUNT);
        skillBurstWindow = c.get(SKILL_BURST_WINDOW);
        repeatedSkillLimit = c.get(REPEATED_SKILL_LIMIT);
        actionsLimit = c.get(ACTIONS_LIMIT);
        maxDamage = c.get(MAX_DAMAGE);
        highValueDefault = c.get(HIGH_VALUE_DEFAULT);
        Map<String, Long> thresholds = new java.util.TreeMap<>();
        c.get(HIGH_VALUE_THRESHOLDS).forEach((currency, value) -> thresholds.put(currency, Long.parseLong(value.trim())));
        highValueThresholds = java.util.Collections.unmodifiableMap(thresholds);
        crashSpikeCount = c.get(CRASH_SPIKE_COUNT);
        serverHealthP95Ms = c.get(SERVER_HEALTH_P95_MS);
        serverHealthErrorRate = c.get(SERVER_HEALTH_ERROR_RATE);
        serverHealthMinutes = c.get(SERVER_HEALTH_MINUTES);
        logoutSurgeFactor = c.get(LOGOUT_SURGE_FACTOR);
        logoutSurgeMin = c.get(LOGOUT_SURGE_MIN);
        revenueDropFraction = c.get(REVENUE_DROP_FRACTION);
        revenueDropMinTransactions = c.get(REVENUE_DROP_MIN_TRANSACTIONS);
        baselineWindows = c.get(BASELINE_WINDOWS);
        ccuFloor = c.get(CCU_FLOOR);
        validate();
    }

    /** Reads the Flink configuration, then lets program arguments override it. */
    public static PlayPulseConfig from(String[] args, ReadableConfig flinkConfiguration) {
        Configuration merged = new Configuration();
        if (flinkConfiguration instanceof Configuration flinkConf) {
            merged.addAll(flinkConf);
        }
        merged.addAll(argumentsAsConfiguration(args));
        return new PlayPulseConfig(merged, System.getenv());
    }

    /** For tests and tools: defaults overridden by the given {@code playpulse.*} keys (prefix optional). */
    public static PlayPulseConfig of(Map<String, String> settings) {
        return of(settings, System.getenv());
    }

    /** As {@link #of(Map)}, with the credentials from {@code environment} instead of the process's. */
    public static PlayPulseConfig of(Map<String, String> settings, Map<String, String> environment) {
        return new PlayPulseConfig(prefixed(settings), environment);
    }

    public static PlayPulseConfig defaults() {
        return of(Map.of());
    }

    /** Returns a copy with the given settings changed; keys as in {@link #of(Map)}. */
    public PlayPulseConfig with(Map<String, String> overrides) {
        Configuration c = toConfiguration();
        c.addAll(prefixed(overrides));
        Map<String, String> env = new HashMap<>();
        env.put(CLICKHOUSE_USER_ENV, clickHouseUser);
        env.put(CLICKHOUSE_PASSWORD_ENV, clickHousePassword);
        return new PlayPulseConfig(c, env);
    }

    /** The ClickHouse user in {@code environment}; "default" when unset. */
    public static String clickHouseUser(Map<String, String> environment) {
        return environment.getOrDefault(CLICKHOUSE_USER_ENV, "default");
    }

    /** The ClickHouse password in {@code environment}; empty when unset. */
    public static String clickHousePassword(Map<String, String> environment) {
        return environment.getOrDefault(CLICKHOUSE_PASSWORD_ENV, "");
    }

    /** US cents per minor unit of {@code currency}, 1 for a currency without a rate. */
    public double usdCentsPerMinorUnit(String currency) {
        return usdCentsPerMinorUnit(churnUsdCents, currency);
    }

    /** US cents per minor unit of {@code currency} in {@code rates} ({@link #churnUsdCents}), 1 without a rate. */
    public static double usdCentsPerMinorUnit(Map<String, Double> rates, String currency) {
        return currency == null ? 1.0 : rates.getOrDefault(currency, 1.0);
    }

    private Configuration toConfiguration() {
        Configuration c = new Configuration();
        c.set(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers);
        c.set(EVENTS_TOPIC, eventsTopic);
        c.set(DEAD_LETTER_TOPIC, deadLetterTopic);
        c.set(ALERTS_TOPIC, alertsTopic);
        c.set(CONSUMER_GROUP, consumerGroup);
        c.set(TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix);
        c.set(KAFKA_TRANSACTION_TIMEOUT, kafkaTransactionTimeout);
        c.set(CLICKHOUSE_URL, clickHouseUrl);
        c.set(CLICKHOUSE_DATABASE, clickHouseDatabase);
        c.set(CLICKHOUSE_BATCH_SIZE, clickHouseBatchSize);
        c.set(CLICKHOUSE_FLUSH_INTERVAL, clickHouseFlushInterval);
        c.set(CLICKHOUSE_RETRY_BUDGET, clickHouseRetryBudget);
        c.set(PARALLELISM, parallelism);
        c.set(CHECKPOINT_INTERVAL, checkpointInterval);
        c.set(OUT_OF_ORDERNESS, outOfOrderness);
        c.set(ALLOWED_LATENESS, allowedLateness);
        c.set(SOURCE_IDLENESS, sourceIdleness);
        c.set(MAX_PAYLOAD_BYTES, maxPayloadBytes);
        c.set(MAX_EVENT_AGE, maxEventAge);
        c.set(MAX_CLOCK_SKEW, maxClockSkew);
        c.set(DEDUP_HORIZON, dedupHorizon);
        c.set(SESSION_IDLE_TIMEOUT, sessionIdleTimeout);
        c.set(PLAYER_RETENTION, playerRetention);
        c.set(CHURN_MODEL, churnModel);
        Map<String, String> usd = new HashMap<>();
        churnUsdCents.forEach((currency, rate) -> usd.put(currency, Double.toString(rate)));
        c.set(CHURN_USD_CENTS, usd);
        c.set(CHURN_DAILY_SCORING, churnDailyScoring);
        c.set(CRASH_ERROR_TYPES, crashErrorTypes);
        c.set(ALERT_SUPPRESSION, alertSuppression);
        c.set(SKILL_BURST_COUNT, skillBurstCount);
        c.set(SKILL_BURST_WINDOW, skillBurstWindow);
        c.set(REPEATED_SKILL_LIMIT, repeatedSkillLimit);
        c.set(ACTIONS_LIMIT, actionsLimit);
        c.set(MAX_DAMAGE, maxDamage);
        c.set(HIGH_VALUE_DEFAULT, highValueDefault);
        Map<String, String> thresholds = new HashMap<>();
        highValueThresholds.forEach((currency, value) -> thresholds.put(currency, Long.toString(value)));
        c.set(HIGH_VALUE_THRESHOLDS, thresholds);
        c.set(CRASH_SPIKE_COUNT, crashSpikeCount);
        c.set(SERVER_HEALTH_P95_MS, serverHealthP95Ms);
        c.set(SERVER_HEALTH_ERROR_RATE, serverHealthErrorRate);
        c.set(SERVER_HEALTH_MINUTES, serverHealthMinutes);
        c.set(LOGOUT_SURGE_FACTOR, logoutSurgeFactor);
        c.set(LOGOUT_SURGE_MIN, logoutSurgeMin);
        c.set(REVENUE_DROP_FRACTION, revenueDropFraction);
        c.set(REVENUE_DROP_MIN_TRANSACTIONS, revenueDropMinTransactions);
        c.set(BASELINE_WINDOWS, baselineWindows);
        c.set(CCU_FLOOR, ccuFloor);
        return c;
    }

    private static Configuration argumentsAsConfiguration(String[] args) {
        return prefixed(ParameterTool.fromArgs(args).toMap());
    }

    private static Configuration prefixed(Map<String, String> settings) {
        Map<String, String> keyed = new HashMap<>();
        settings.forEach((k, v) -> keyed.put(k.startsWith(PREFIX) ? k : PREFIX + k, v));
        return Configuration.fromMap(keyed);
    }

    private void validate() {
        require(parallelism > 0, "parallelism must be positive");
        require(!checkpointInterval.isNegative() && !checkpointInterval.isZero(), "checkpoint-interval must be positive");
        require(checkpointInterval.compareTo(kafkaTransactionTimeout) < 0,
                "checkpoint-interval must be shorter than kafka.transaction-timeout");
        require(!outOfOrderness.isNegative() && !allowedLateness.isNegative(), "event-time durations must not be negative");
        require(maxPayloadBytes > 0 && clickHouseBatchSize > 0, "sizes must be positive");
        require(clickHouseRetryBudget.plus(checkpointInterval).compareTo(kafkaTransactionTimeout) < 0,
                "clickhouse.retry-budget plus checkpoint-interval must be shorter than kafka.transaction-timeout");
        require(sessionIdleTimeout.toMillis() >= 60_000, "session.idle-timeout must be at least a minute");
        require(skillBurstCount > 1 && repeatedSkillLimit > 0 && actionsLimit > 0 && baselineWindows > 0
                        && serverHealthMinutes > 0,
                "alert counts must be positive");
        Objects.requireNonNull(clickHouseDatabase);
        require(clickHouseDatabase.matches("[A-Za-z_][A-Za-z0-9_]*"), "clickhouse.database must be a plain identifier");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Invalid PlayPulse configuration: " + message);
        }
    }
}
