package io.playpulse.player;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.TestEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions and churn observations of the player function: logouts, idle timeouts, disorder, days, TTL. */
class PlayerSessionsTest {
    private static final long MIN = 60_000;
    private static final long DAY = 24 * 60 * MIN;
    private static final long T0 = 20_000 * DAY + 10 * 60 * MIN; // 10:00 UTC
    private static final long USER = 7;
    private static final PlayPulseConfig CONFIG = PlayPulseConfig.of(Map.of(
            "session.idle-timeout", "30 min", "event-time.allowed-lateness", "1 min",
            "player.retention", "2 h", "churn.daily-scoring-for", "14 d"));

    private KeyedOneInputStreamOperatorTestHarness<Long, GameEvent, ActivityFact> harness;
    private int seq;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PlayerActivity(PlayerActivity.Settings.from(CONFIG))), e -> e.userId, Types.LONG);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void event(EventType type, long ts) throws Exception {
        harness.processElement(TestEvents.event("e" + seq++, type, USER, ts), ts);
    }

    private void watermark(long ts) throws Exception {
        harness.processWatermark(new Watermark(ts));
    }

    private List<ChurnObservation> observations(String trigger) {
        List<ChurnObservation> out = new ArrayList<>();
        var side = harness.getSideOutput(PlayerActivity.CHURN_OBSERVATIONS);
        if (side != null) {
            for (StreamRecord<ChurnObservation> r : side) {
                if (r.getValue().trigger.equals(trigger)) {
                    out.add(r.getValue());
                }
            }
        }
        return out;
    }

    private static double feature(ChurnObservation o, String name) {
        return o.features[ChurnFeatures.NAMES.indexOf(name)];
    }

    @Test
    void aLogoutEndsTheSessionAndIsScoredAtOnce() throws Exception {
        event(EventType.USER_LOGIN, T0);
        event(EventType.SKILL_USE, T0 + 2 * MIN);
        event(EventType.CHAT_MESSAGE, T0 + 3 * MIN);
        event(EventType.USER_LOGOUT, T0 + 5 * MIN);

        assertThat(observations(ChurnObservation.SESSION_END)).singleElement().satisfies(o -> {
            assertThat(o.observedAtMs).isEqualTo(T0 + 5 * MIN);
            assertThat(o.userId).isEqualTo(USER);
            assertThat(feature(o, "sessions")).isEqualTo(1);
            assertThat(feature(o, "avg_session_minutes")).isEqualTo(5);
            assertThat(feature(o, "longest_session_minutes")).isEqualTo(5);
            assertThat(feature(o, "social_engagement_ratio")).isEqualTo(0.25);
            assertThat(feature(o, "days_since_last_activity")).isZero();
            assertThat(feature(o, "distinct_hours_played")).isEqualTo(1);
        });
    }

    @Test
    void withoutALogoutTheSessionEndsAtItsLastEventOnceTheIdleTimeoutHasPassed() throws Exception {
        event(EventType.USER_LOGIN, T0);
        event(EventType.SKILL_USE, T0 + 4 * MIN);
        watermark(T0 + 33 * MIN);
        assertThat(observations(ChurnObservation.SESSION_END)).as("not idle for 30 minutes yet").isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the session's next check").isPositive();

        watermark(T0 + 34 * MIN);
        assertThat(observations(ChurnObservation.SESSION_END)).singleElement().satisfies(o -> {
            assertThat(o.observedAtMs).isEqualTo(T0 + 4 * MIN);
            assertThat(feature(o, "avg_session_minutes")).isEqualTo(4);
        });
    }

    @Test
    void aSessionThatKeepsGoingIsCheckedAgainFromItsLatestEvent() throws Exception {
        event(EventType.USER_LOGIN, T0);
        event(EventType.SKILL_USE, T0 + 20 * MIN);
        watermark(T0 + 31 * MIN); // the first check, armed by the login, finds the session alive
        assertThat(observations(ChurnObservation.SESSION_END)).isEmpty();

        watermark(T0 + 49 * MIN);
        assertThat(observations(ChurnObservation.SESSION_END)).isEmpty();
        watermark(T0 + 50 * MIN);
        assertThat(observations(ChurnObservation.SESSION_END)).singleElement()
                .satisfies(o -> assertThat(o.observedAtMs).isEqualTo(T0 + 20 * MIN));
    }

    @Test
    void anEventAfterTheIdleTimeoutClosesTheOldSessionAndStartsANewOne() throws Exception {
        event(EventType.USER_LOGIN, T0);
        event(EventType.SKILL_USE, T0 + 45 * MIN); // no watermark in between: the event itself notices

        assertThat(observations(ChurnObservation.SESSION_END)).singleElement().satisfies(o -> {
            assertThat(o.observedAtMs).isEqualTo(T0);
            assertThat(feature(o, "sessions")).as("scored as it ended, before the new event counts").isEqualTo(1);
            assertThat(feature(o, "gameplay_diversity")).isZero();
        });
        event(EventType.USER_LOGOUT, T0 + 50 * MIN);
        assertThat(feature(observations(ChurnObservation.SESSION_END).get(1), "sessions")).isEqualTo(2);
    }

    @Test
    void aDayCountsOnceWhateverOrderItsEventsArriveIn() throws Exception {
        long midnight = (T0 / DAY + 1) * DAY;
        event(EventType.USER_LOGIN, midnight + 10_000);
        event(EventType.SKILL_USE, midnight - 30_000); // the day before's last event, late
        event(EventType.USER_LOGOUT, midnight + 20_000);

        assertThat(feature(observations(ChurnObservation.SESSION_END).get(0), "active_days")).isEqualTo(2);
    }

    @Test
    void recentActivityAtAMidnightIsTheWeekBeforeIt() throws Exception {
        long day0 = T0 / DAY * DAY;
        event(EventType.USER_LOGIN, T0);
        event(EventType.USER_LOGOUT, T0 + 5 * MIN);
        watermark(day0 + 8 * DAY);

        List<ChurnObservation> daily = observations(ChurnObservation.DAILY);
        assertThat(daily).extracting(o -> o.observedAtMs).startsWith(day0 + DAY).contains(day0 + 7 * DAY, day0 + 8 * DAY);
        for (ChurnObservation o : daily) {
            boolean withinTheWeek = o.observedAtMs <= day0 + 7 * DAY;
            assertThat(feature(o, "recent_sessions")).as("at %s", o.observedAtMs).isEqualTo(withinTheWeek ? 1 : 0);
            assertThat(feature(o, "recent_activity_ratio")).as("at %s", o.observedAtMs).isEqualTo(withinTheWeek ? 1 : 0);
        }
    }

    @Test
    void outOfOrderEventsJoinTheirSessionAndNeverReopenAClosedOne() throws Exception {
        event(EventType.USER_LOGIN, T0);
        event(EventType.SKILL_USE, T0 + 3 * MIN);
        event(EventType.SKILL_USE, T0 + 1 * MIN); // arrives after a later one
        event(EventType.USER_LOGOUT, T0 + 6 * MIN);
        event(EventType.QUEST_COMPLETE, T0 + 5 * MIN); // arrives after the logout that ended its session
        event(EventType.USER_LOGIN, T0 + 60 * MIN);
        event(EventType.USER_LOGOUT, T0 + 70 * MIN);

        List<ChurnObservation> ends = observations(ChurnObservation.SESSION_END);
        assertThat(ends).extracting(o -> o.observedAtMs).containsExactly(T0 + 6 * MIN, T0 + 70 * MIN);
        ChurnObservation last = ends.get(1);
        assertThat(feature(last, "sessions")).isEqualTo(2);
        assertThat(feature(last, "avg_session_minutes")).isEqualTo(8);
        assertThat(feature(last, "longest_session_minutes")).isEqualTo(10);
        assertThat(feature(last, "gameplay_diversity")).as("the late quest still counts").isEqualTo(2);
    }

    @Test
    void everyMidnightUntilTwoWeeksAfterTheLastActivityThenNoMore() throws Exception {
        event(EventType.USER_LOGIN, T0);
        event(EventType.LEVEL_UP, T0 + MIN);
        for (int day = 1; day <= 20; day++) {
            watermark(T0 + day * DAY);
        }

        List<ChurnObservation> daily = observations(ChurnObservation.DAILY);
        long firstMidnight = (T0 / DAY + 1) * DAY;
        assertThat(daily).hasSize(14);
        assertThat(daily.get(0).observedAtMs).isEqualTo(firstMidnight);
        assertThat(daily.get(13).observedAtMs).isEqualTo(firstMidnight + 13 * DAY);
        assertThat(daily).extracting(o -> feature(o, "days_since_last_activity"))
                .startsWith((firstMidnight - T0 - MIN) / (double) DAY)
                .isSorted();
        assertThat(feature(daily.get(0), "levelup_velocity")).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("nothing left to wake for").isZero();
    }

    @Test
    void theProfileIsForgottenWhenItsTimeToLiveRunsOut() throws Exception {
        harness.setStateTtlProcessingTime(0);
        event(EventType.USER_LOGIN, T0);
        event(EventType.USER_LOGOUT, T0 + 10 * MIN);
        harness.setStateTtlProcessingTime(3_600_000);
        event(EventType.USER_LOGIN, T0 + 2 * DAY);
        event(EventType.USER_LOGOUT, T0 + 2 * DAY + 10 * MIN);
        assertThat(feature(observations(ChurnObservation.SESSION_END).get(1), "sessions"))
                .as("within the retention the profile remembers").isEqualTo(2);

        harness.setStateTtlProcessingTime(3_600_000 + 2 * 3_600_000 + 1);
        event(EventType.USER_LOGIN, T0 + 4 * DAY);
        event(EventType.USER_LOGOUT, T0 + 4 * DAY + 10 * MIN);

        ChurnObservation fresh = observations(ChurnObservation.SESSION_END).get(2);
        assertThat(feature(fresh, "sessions")).as("a returning player after the retention starts afresh").isEqualTo(1);
        assertThat(feature(fresh, "lifetime_days")).isEqualTo(1);
    }
}
