package io.playpulse.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.playpulse.events.EventParser;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.InvalidEventException;
import io.playpulse.events.RejectReason;
import io.playpulse.tools.GeneratedRecord.Delay;
import io.playpulse.tools.GeneratedRecord.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GameSimulationTest {
    private static final long START = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
    private static final EventParser PARSER = new EventParser(64 * 1024, Duration.ofDays(7), Duration.ofMinutes(5));

    private static SimulationSettings settings() {
        return SimulationSettings.defaults().withStartMs(START).withEventsPerSecond(50).withMacroBots(4)
                .withMalformedRatio(0.01).withDisorder(0.02, 0.05, 0.01, 0.01);
    }

    private static List<GeneratedRecord> take(SimulationSettings s, int n) {
        GameSimulation sim = new GameSimulation(s);
        List<GeneratedRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sim.next());
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameBytes() {
        List<GeneratedRecord> a = take(settings(), 3000);
        List<GeneratedRecord> b = take(settings(), 3000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
        }
        assertThat(take(settings().withSeed(7), 10).get(5).value()).isNotEqualTo(a.get(5).value());
    }

    @Test
    void recordsComeInSendOrderAndNeverBeforeTheirEventTime() {
        long previous = Long.MIN_VALUE;
        for (GeneratedRecord r : take(settings(), 20_000)) {
            assertThat(r.emitAtMs()).isGreaterThanOrEqualTo(previous);
            previous = r.emitAtMs();
            if (r.event() != null) {
                assertThat(r.emitAtMs()).isGreaterThanOrEqualTo(r.event().timestampMs);
            }
        }
    }

    @Test
    void validRecordsParseToTheEventTheyClaim() throws Exception {
        for (GeneratedRecord r : take(settings(), 20_000)) {
            if (r.kind() == Kind.MALFORMED) {
                continue;
            }
            GameEvent parsed = PARSER.parse(r.value(), System.currentTimeMillis());
            GameEvent truth = r.event();
            assertThat(parsed.eventId).isEqualTo(truth.eventId);
            assertThat(parsed.eventType).isEqualTo(truth.eventType);
            assertThat(parsed.userId).isEqualTo(truth.userId);
            assertThat(parsed.timestampMs).isEqualTo(truth.timestampMs);
            assertThat(parsed.properties).isEqualTo(truth.properties);
            assertThat(parsed.revenueMinorUnits()).isEqualTo(truth.revenueMinorUnits());
            assertThat(parsed.errorType).isEqualTo(truth.errorType);
            assertThat(parsed.skillId).isEqualTo(truth.skillId);
        }
    }

    @Test
    void malformedRecordsAreRejectedForTheReasonTheyWereMadeFor() {
        Set<RejectReason> seen = EnumSet.noneOf(RejectReason.class);
        for (GeneratedRecord r : take(settings().withMalformedRatio(0.2), 20_000)) {
            if (r.kind() != Kind.MALFORMED) {
                continue;
            }
            InvalidEventException e = catchThrowableOfType(
                    InvalidEventException.class, () -> PARSER.parse(r.value(), System.currentTimeMillis()));
            assertThat(e).as("record made for %s must be rejected", r.expectedReason()).isNotNull();
            assertThat(e.reason()).isEqualTo(r.expectedReason());
            seen.add(r.expectedReason());
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(MalformedRecords.MADE);
    }

    @Test
    void producesTheDisorderItWasAskedFor() {
        List<GeneratedRecord> records = take(settings(), 50_000);
        Map<Kind, Long> kinds = records.stream().collect(Collectors.groupingBy(GeneratedRecord::kind, Collectors.counting()));
        Map<Delay, Long> delays = records.stream().filter(r -> r.kind() == Kind.VALID)
                .collect(Collectors.groupingBy(GeneratedRecord::delay, Collectors.counting()));
        assertThat(kinds.get(Kind.MALFORMED)).isBetween(300L, 700L);
        assertThat(kinds.get(Kind.DUPLICATE)).isBetween(700L, 1300L);
        assertThat(delays.get(Delay.OUT_OF_ORDER)).isBetween(2000L, 3000L);
        assertThat(delays.get(Delay.LATE_WITHIN_LATENESS)).isBetween(300L, 700L);
        assertThat(delays.get(Delay.LATE_BEYOND_LATENESS)).isBetween(300L, 700L);
    }

    @Test
    void theEventTimeRateIsNearTheTarget() {
        List<GeneratedRecord> records = take(settings(), 60_000);
        double seconds = (records.get(records.size() - 1).emitAtMs() - START) / 1000.0;
        assertThat(records.size() / seconds).isBetween(40.0, 60.0);
    }

    @Test
    void speedMacroBotsFireFiftySkillsWithinTenSecondsAndOrdinaryPlayersNever() {
        GameSimulation sim = new GameSimulation(settings());
        Map<Long, BotKind> bots = new HashMap<>();
        sim.players().stream().filter(p -> p.bot != null).forEach(p -> bots.put(p.userId, p.bot));
        assertThat(bots.values()).containsExactlyInAnyOrder(BotKind.values());

        Map<Long, List<Long>> skillTimes = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            GeneratedRecord r = sim.next();
            if (r.kind() == Kind.VALID && r.event().eventType == EventType.SKILL_USE) {
                skillTimes.computeIfAbsent(r.event().userId, k -> new ArrayList<>()).add(r.event().timestampMs);
            }
        }
        long speedBot = bots.entrySet().stream().filter(e -> e.getValue() == BotKind.SPEED_MACRO)
                .findFirst().orElseThrow().getKey();
        assertThat(maxWithin(skillTimes.get(speedBot), 10_000)).isGreaterThanOrEqualTo(50);
        skillTimes.forEach((user, times) -> {
            if (!bots.containsKey(user)) {
                assertThat(maxWithin(times, 10_000)).as("ordinary player %d", user).isLessThan(20);
            }
        });
    }

    @Test
    void incidentsHappenWhenAndWhereTheyAreScheduled() {
        SimulationSettings s = settings().withIncidentsFrom(START).withMalformedRatio(0).withDisorder(0, 0, 0, 0);
        GameSimulation sim = new GameSimulation(s);
        Map<String, Long> crashesInStorm = new HashMap<>();
        long logoutsInDisconnect = 0;
        long logoutsMinuteBefore = 0;
        long paymentsInOutage = 0;
        for (GeneratedRecord r = sim.next(); r.emitAtMs() < START + Duration.ofMinutes(175).toMillis(); r = sim.next()) {
            GameEvent e = r.event();
            long t = e.timestampMs - START;
            if (e.eventType == EventType.ERROR_OCCURRED && "crash".equals(e.errorType)
                    && t >= Incidents.CRASH_STORM_AT && t < Incidents.CRASH_STORM_AT + Incidents.CRASH_STORM_FOR) {
                crashesInStorm.merge(e.serverId, 1L, Long::sum);
            }
            if (e.eventType == EventType.USER_LOGOUT && t >= Incidents.DISCONNECT_AT
                    && t < Incidents.DISCONNECT_AT + Incidents.DISCONNECT_FOR) {
                logoutsInDisconnect++;
            }
            if (e.eventType == EventType.USER_LOGOUT && t >= Incidents.DISCONNECT_AT - 60_000 && t < Incidents.DISCONNECT_AT) {
                logoutsMinuteBefore++;
            }
            if (e.eventType.isMoney() && t >= Incidents.STORE_OUTAGE_AT
                    && t < Incidents.STORE_OUTAGE_AT + Incidents.STORE_OUTAGE_FOR) {
                paymentsInOutage++;
            }
        }
        long stormed = crashesInStorm.remove(Incidents.CRASH_STORM_SERVER);
        assertThat(stormed).isGreaterThan(50);
        assertThat(crashesInStorm.values()).allSatisfy(others -> assertThat(others * 10).isLessThan(stormed));
        assertThat(logoutsInDisconnect).isGreaterThan(10 * Math.max(1, logoutsMinuteBefore));
        assertThat(paymentsInOutage).isZero();
    }

    @Test
    void botBehaviourIsMarkedOnTheRecordsThatGiveItAway() {
        GameSimulation sim = new GameSimulation(settings());
        Map<Long, BotKind> bots = new HashMap<>();
        sim.players().stream().filter(p -> p.bot != null).forEach(p -> bots.put(p.userId, p.bot));
        Map<BotKind, Long> marked = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            GeneratedRecord r = sim.next();
            if (r.botAction()) {
                assertThat(bots).containsKey(Long.parseLong(r.key()));
                marked.merge(bots.get(Long.parseLong(r.key())), 1L, Long::sum);
            }
        }
        assertThat(marked.keySet()).containsExactlyInAnyOrder(BotKind.values());
    }

    private static int maxWithin(List<Long> times, long windowMs) {
        List<Long> sorted = times.stream().sorted().toList();
        int best = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to) - sorted.get(from) >= windowMs) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }
}
