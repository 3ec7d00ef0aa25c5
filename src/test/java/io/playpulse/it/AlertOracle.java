package io.playpulse.it;

import static io.playpulse.config.PlayPulseOptions.ALERT_SUPPRESSION;
import static io.playpulse.config.PlayPulseOptions.ALLOWED_LATENESS;
import static io.playpulse.config.PlayPulseOptions.BASELINE_WINDOWS;
import static io.playpulse.config.PlayPulseOptions.CCU_FLOOR;
import static io.playpulse.config.PlayPulseOptions.CRASH_ERROR_TYPES;
import static io.playpulse.config.PlayPulseOptions.CRASH_SPIKE_COUNT;
import static io.playpulse.config.PlayPulseOptions.HIGH_VALUE_DEFAULT;
import static io.playpulse.config.PlayPulseOptions.LOGOUT_SURGE_FACTOR;
import static io.playpulse.config.PlayPulseOptions.LOGOUT_SURGE_MIN;
import static io.playpulse.config.PlayPulseOptions.REVENUE_DROP_FRACTION;
import static io.playpulse.config.PlayPulseOptions.REVENUE_DROP_MIN_TRANSACTIONS;
import static io.playpulse.config.PlayPulseOptions.SERVER_HEALTH_ERROR_RATE;
import static io.playpulse.config.PlayPulseOptions.SERVER_HEALTH_MINUTES;
import static io.playpulse.config.PlayPulseOptions.SERVER_HEALTH_P95_MS;

import io.playpulse.alert.Alert;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.tools.GeneratedRecord;
import io.playpulse.tools.GeneratedRecord.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The alerts the input implies, worked out from the generated records and the rules as docs/alerts.md states
 * them, without the job's code: which alert ids the paging topic must hold for the per-event and
 * bucketed rules, and which players are bots.
 */
public final class AlertOracle {
    /** Rules judged per time bucket: an alert counts once its bucket plus the allowed lateness is closed. */
    public static final Set<String> BUCKETED_RULES =
            Set.of("crash_spike", "logout_surge", "revenue_drop", "ccu_floor", "server_health");

    private static final long MINUTE = 60_000L;
    private static final long FIVE_MINUTES = 5 * MINUTE;

    private final GeneratedInput input;
    private final PlayPulseConfig config;
    private final Set<String> late;
    private final long lateness;

    public AlertOracle(GeneratedInput input, PlayPulseConfig config, Set<String> lateEventIds) {
        this.input = input;
        this.config = config;
        this.late = lateEventIds;
        this.lateness = config.get(ALLOWED_LATENESS).toMillis();
    }

    private List<GameEvent> onTime() {
        return input.distinctValidEvents().values().stream().filter(e -> !late.contains(e.eventId)).toList();
    }

    /** client_crash: every distinct crash or memory-leak report, late ones included. */
    public Set<String> clientCrash() {
        Set<String> ids = new HashSet<>();
        for (GameEvent e : input.distinctValidEvents().values()) {
            if (e.eventType == EventType.ERROR_OCCURRED && e.errorType != null && config.get(CRASH_ERROR_TYPES).contains(e.errorType)) {
                ids.add(Alert.idFor("client_crash", e.eventId));
            }
        }
        return ids;
    }

    /** high_value_payment: every distinct payment or purchase above its currency's threshold. */
    public Set<String> highValuePayments() {
        Set<String> ids = new HashSet<>();
        for (GameEvent e : input.distinctValidEvents().values()) {
            if (e.eventType.isMoney()
                    && e.revenueMinorUnits() > config.highValueThresholds().getOrDefault(e.currency, config.get(HIGH_VALUE_DEFAULT))) {
                ids.add(Alert.idFor("high_value_payment", e.eventId));
            }
        }
        return ids;
    }

    /** crash_spike: more than N on-time crashes on a server in a 5-minute window. */
    public Set<String> crashSpikes(long judgedUntil) {
        Map<String, long[]> perBucket = buckets(
                e -> e.eventType == EventType.ERROR_OCCURRED && e.errorType != null && config.get(CRASH_ERROR_TYPES).contains(e.errorType),
                e -> List.of(e.serverId), e -> 1L);
        Set<String> ids = new HashSet<>();
        perBucket.forEach((keyAndBucket, v) -> {
            long bucket = Long.parseLong(keyAndBucket.substring(keyAndBucket.lastIndexOf('|') + 1));
            if (v[0] > config.get(CRASH_SPIKE_COUNT) && judged(bucket, FIVE_MINUTES, judgedUntil)) {
                ids.add(Alert.idFor("crash_spike", keyAndBucket));
            }
        });
        return ids;
    }

    /** logout_surge: per server and overall, logouts above factor x the trailing average and the minimum. */
    public Set<String> logoutSurges(long judgedUntil) {
        return baselineRule("logout_surge", e -> e.eventType == EventType.USER_LOGOUT,
                e -> List.of(e.serverId, "all"), e -> 1L, judgedUntil, (value, count, history) ->
                        history.size() >= 3 && value >= config.get(LOGOUT_SURGE_MIN)
                                && value > config.get(LOGOUT_SURGE_FACTOR) * mean(history, 0));
    }

    /** revenue_drop: per currency, revenue below a fraction of the trailing average, with enough sales. */
    public Set<String> revenueDrops(long judgedUntil) {
        return baselineRule("revenue_drop", e -> e.eventType.isMoney(), e -> List.of(e.currency),
                GameEvent::revenueMinorUnits, judgedUntil, (value, count, history) ->
                        history.size() * 2 >= config.get(BASELINE_WINDOWS)
                                && mean(history, 1) >= config.get(REVENUE_DROP_MIN_TRANSACTIONS)
                                && value < config.get(REVENUE_DROP_FRACTION) * mean(history, 0));
    }

    /** ccu_floor: from concurrent players per minute (all servers), each fall through the floor. */
    public Set<String> ccuFloor(Map<Long, Long> ccuByMinute, long judgedUntil) {
        Set<String> ids = new HashSet<>();
        if (ccuByMinute.isEmpty() || config.get(CCU_FLOOR) <= 0) {
            return ids;
        }
        long first = ccuByMinute.keySet().stream().min(Long::compare).orElseThrow();
        Long previous = null;
        for (long minute = first; judged(minute, 60_000, judgedUntil); minute += 60_000) {
            long ccu = ccuByMinute.getOrDefault(minute, 0L);
            if (previous != null && ccu < config.get(CCU_FLOOR) && previous >= config.get(CCU_FLOOR)) {
                ids.add(Alert.idFor("ccu_floor", "all|" + minute));
            }
            previous = ccu == 0 ? null : ccu;
        }
        return ids;
    }

    /**
     * server_health: per server and minute of on-time events, unhealthy when the p95 response time
     * (each time rounded up to three significant digits, the value at rank floor(0.95 n)) or the
     * error rate is above its limit; N unhealthy minutes in a row page, and again every suppression
     * period while the run lasts; a minute without events breaks the run.
     */
    public Set<String> serverHealth(long judgedUntil) {
        Map<String, TreeMap<Long, List<GameEvent>>> byServer = new HashMap<>();
        for (GameEvent e : onTime()) {
            byServer.computeIfAbsent(e.serverId, s -> new TreeMap<>())
                    .computeIfAbsent(Math.floorDiv(e.timestampMs, MINUTE) * MINUTE, m -> new ArrayList<>())
                    .add(e);
        }
        long repeatEvery = Math.max(1, config.get(ALERT_SUPPRESSION).toMinutes());
        Set<String> ids = new HashSet<>();
        byServer.forEach((server, minutes) -> {
            long inARow = 0;
            for (long minute = minutes.firstKey(); judged(minute, MINUTE, judgedUntil); minute += MINUTE) {
                List<GameEvent> events = minutes.get(minute);
                inARow = events != null && unhealthy(events) ? inARow + 1 : 0;
                if (inARow >= config.get(SERVER_HEALTH_MINUTES) && (inARow - config.get(SERVER_HEALTH_MINUTES)) % repeatEvery == 0) {
                    ids.add(Alert.idFor("server_health", server + "|" + minute));
                }
            }
        });
        return ids;
    }

    private boolean unhealthy(List<GameEvent> events) {
        long errors = events.stream().filter(e -> e.eventType == EventType.ERROR_OCCURRED).count();
        double[] rounded = events.stream().filter(e -> e.responseTimeMs != null)
                .mapToDouble(e -> roundedUpToThreeDigits(e.responseTimeMs)).sorted().toArray();
        double p95 = rounded.length == 0 ? 0 : rounded[Math.min((int) (0.95 * rounded.length), rounded.length - 1)];
        return p95 > config.get(SERVER_HEALTH_P95_MS) || (double) errors / events.size() > config.get(SERVER_HEALTH_ERROR_RATE);
    }

    private static double roundedUpToThreeDigits(double ms) {
        if (ms <= 0) {
            return 0;
        }
        double step = ms <= 1_000 ? 1 : ms <= 10_000 ? 10 : ms <= 100_000 ? 100 : 1_000;
        return Math.min(Math.ceil(ms / step) * step, 1e9);
    }

    /** The players that behaved like bots in what the job could see (on-time, valid records). */
    public Set<Long> bots() {
        Set<Long> bots = new HashSet<>();
        for (GeneratedInput.Sent s : input.sent()) {
            GeneratedRecord r = s.record();
            if (r.botAction() && r.kind() == Kind.VALID && !late.contains(r.event().eventId)) {
                bots.add(r.event().userId);
            }
        }
        return bots;
    }

    private boolean judged(long bucketStart, long bucketMs, long judgedUntil) {
        return bucketStart + bucketMs + lateness <= judgedUntil;
    }

    private interface Judge {
        boolean fires(long value, long count, List<long[]> history);
    }

    /** The rule as docs/alerts.md states it: zero for quiet windows, and a baseline all zeros starts over. */
    private Set<String> baselineRule(String rule, Predicate<GameEvent> which, Function<GameEvent, List<String>> keys,
            Function<GameEvent, Long> value, long judgedUntil, Judge judge) {
        Map<String, long[]> perBucket = buckets(which, keys, value);
        Map<String, TreeMap<Long, long[]>> byKey = new HashMap<>();
        perBucket.forEach((keyAndBucket, v) -> {
            int bar = keyAndBucket.lastIndexOf('|');
            byKey.computeIfAbsent(keyAndBucket.substring(0, bar), k -> new TreeMap<>())
                    .put(Long.parseLong(keyAndBucket.substring(bar + 1)), v);
        });
        Set<String> ids = new HashSet<>();
        byKey.forEach((key, buckets) -> {
            List<long[]> history = new ArrayList<>();
            for (long bucket = buckets.firstKey(); judged(bucket, FIVE_MINUTES, judgedUntil); bucket += FIVE_MINUTES) {
                long[] v = buckets.getOrDefault(bucket, new long[2]);
                if (judge.fires(v[0], v[1], history)) {
                    ids.add(Alert.idFor(rule, key + "|" + bucket));
                }
                history.add(v);
                if (history.size() > config.get(BASELINE_WINDOWS)) {
                    history.remove(0);
                }
                if (history.stream().allMatch(h -> h[0] == 0 && h[1] == 0)) {
                    history.clear();
                }
            }
        });
        return ids;
    }

    private Map<String, long[]> buckets(Predicate<GameEvent> which, Function<GameEvent, List<String>> keys,
            Function<GameEvent, Long> value) {
        Map<String, long[]> perBucket = new HashMap<>();
        for (GameEvent e : onTime()) {
            if (!which.test(e)) {
                continue;
            }
            long bucket = Math.floorDiv(e.timestampMs, FIVE_MINUTES) * FIVE_MINUTES;
            for (String key : keys.apply(e)) {
                long[] v = perBucket.computeIfAbsent(key + "|" + bucket, k -> new long[2]);
                v[0] += value.apply(e);
                v[1]++;
            }
        }
        return perBucket;
    }

    private static double mean(List<long[]> history, int index) {
        return history.stream().mapToLong(h -> h[index]).average().orElse(0);
    }
}
