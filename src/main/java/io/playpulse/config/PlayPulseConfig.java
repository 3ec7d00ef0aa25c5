package io.playpulse.config;

import static io.playpulse.config.PlayPulseOptions.*;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
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

    /** Every {@code playpulse.*} option, read through {@link #get}: each option is declared once, in {@link PlayPulseOptions}. */
    private final Configuration settings;
    private final String clickHouseUser;
    private final String clickHousePassword;
    private final Map<String, Double> churnUsdCents;
    private final Map<String, Long> highValueThresholds;

    private PlayPulseConfig(Configuration settings, Map<String, String> environment) {
        this.settings = settings;
        clickHouseUser = clickHouseUser(environment);
        clickHousePassword = clickHousePassword(environment);
        Map<String, Double> rates = new TreeMap<>();
        get(CHURN_USD_CENTS).forEach((currency, rate) -> rates.put(currency, Double.parseDouble(rate.trim())));
        churnUsdCents = Collections.unmodifiableMap(rates);
        Map<String, Long> thresholds = new TreeMap<>();
        get(HIGH_VALUE_THRESHOLDS).forEach((currency, value) -> thresholds.put(currency, Long.parseLong(value.trim())));
        highValueThresholds = Collections.unmodifiableMap(thresholds);
        validate();
    }

    /** The value of one option: the argument's, else the Flink configuration's, else its default. */
    public <T> T get(ConfigOption<T> option) {
        return settings.get(option);
    }

    /** The ClickHouse HTTP address, without a trailing slash. */
    public String clickHouseUrl() {
        String url = get(CLICKHOUSE_URL);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String clickHouseUser() {
        return clickHouseUser;
    }

    public String clickHousePassword() {
        return clickHousePassword;
    }

    /** {@link PlayPulseOptions#CHURN_USD_CENTS}, parsed: US cents per minor unit, by currency. */
    public Map<String, Double> churnUsdCents() {
        return churnUsdCents;
    }

    /** {@link PlayPulseOptions#HIGH_VALUE_THRESHOLDS}, parsed: minor units, by currency. */
    public Map<String, Long> highValueThresholds() {
        return highValueThresholds;
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
        Configuration c = new Configuration(settings);
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

    /** US cents per minor unit of {@code currency} in {@code rates} ({@link #churnUsdCents}), 1 without a rate. */
    public static double usdCentsPerMinorUnit(Map<String, Double> rates, String currency) {
        return currency == null ? 1.0 : rates.getOrDefault(currency, 1.0);
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
        Duration checkpointInterval = get(CHECKPOINT_INTERVAL);
        Duration transactionTimeout = get(KAFKA_TRANSACTION_TIMEOUT);
        require(get(PARALLELISM) > 0, "parallelism must be positive");
        require(!checkpointInterval.isNegative() && !checkpointInterval.isZero(), "checkpoint-interval must be positive");
        Duration maxBlock = get(KAFKA_PRODUCER_MAX_BLOCK);
        require(maxBlock.toMillis() > 0 && maxBlock.compareTo(Duration.ofMinutes(1)) <= 0,
                "kafka.producer-max-block must be positive and at most 1 min");
        require(checkpointInterval.compareTo(transactionTimeout) < 0,
                "checkpoint-interval must be shorter than kafka.transaction-timeout");
        require(!get(OUT_OF_ORDERNESS).isNegative() && !get(ALLOWED_LATENESS).isNegative(),
                "event-time durations must not be negative");
        require(get(MAX_PAYLOAD_BYTES) > 0 && get(CLICKHOUSE_BATCH_SIZE) > 0, "sizes must be positive");
        require(get(CLICKHOUSE_RETRY_BUDGET).plus(checkpointInterval).compareTo(transactionTimeout) < 0,
                "clickhouse.retry-budget plus checkpoint-interval must be shorter than kafka.transaction-timeout");
        require(get(SESSION_IDLE_TIMEOUT).toMillis() >= 60_000, "session.idle-timeout must be at least a minute");
        require(get(SKILL_BURST_COUNT) > 1 && get(REPEATED_SKILL_LIMIT) > 0 && get(ACTIONS_LIMIT) > 0
                        && get(BASELINE_WINDOWS) > 0 && get(SERVER_HEALTH_MINUTES) > 0,
                "alert counts must be positive");
        String database = Objects.requireNonNull(get(CLICKHOUSE_DATABASE));
        require(database.matches("[A-Za-z_][A-Za-z0-9_]*"), "clickhouse.database must be a plain identifier");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Invalid PlayPulse configuration: " + message);
        }
    }
}
