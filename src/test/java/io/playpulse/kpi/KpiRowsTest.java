package io.playpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.events.EventType;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.FactKind;
import io.playpulse.player.FirstIn;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Each KPI row's aggregation, and the window that carries it, late updates included. */
class KpiRowsTest {
    private static ActivityFact event(EventType type, int firstIn) {
        ActivityFact f = new ActivityFact();
        f.kind = FactKind.EVENT;
        f.timestampMs = 30_000;
        f.eventType = type;
        f.platform = "PC";
        f.serverId = "eu-1";
        f.level = 12;
        f.firstIn = firstIn;
        f.delta = 1;
        return f;
    }

    private static ActivityFact money(EventType type, String currency, long revenue, int firstIn) {
        ActivityFact f = event(type, firstIn);
        f.currency = currency;
        f.revenue = revenue;
        return f;
    }

    private static ActivityFact presence(int delta) {
        ActivityFact f = new ActivityFact();
        f.kind = FactKind.PRESENCE;
        f.timestampMs = 59_999;
        f.platform = "PC";
        f.serverId = "eu-1";
        f.delta = delta;
        return f;
    }

    @Test
    void theMinuteRollupSplitsIntoTheFourPerMinuteTables() {
        MinuteRollup m = new MinuteRollup();
        m.windowStartMs = 0;
        m.add(event(EventType.USER_LOGIN, FirstIn.MINUTE | FirstIn.MINUTE_TYPE | FirstIn.MINUTE_LOGIN));
        m.add(event(EventType.ERROR_OCCURRED, FirstIn.MINUTE_TYPE));
        m.add(event(EventType.USER_LOGOUT, FirstIn.MINUTE | FirstIn.MINUTE_TYPE | FirstIn.MINUTE_LOGOUT));
        m.add(event(EventType.USER_LOGIN, 0));
        m.add(money(EventType.PAYMENT, "USD", 999, 0));
        m.add(money(EventType.ITEM_PURCHASE, "USD", 1, 0));
        m.add(money(EventType.PAYMENT, "EUR", 500, 0));
        m.add(presence(1));
        m.add(presence(1));
        m.add(presence(-1));

        DashboardMinute d = m.dashboard();
        assertThat(d.platform).isEqualTo("PC");
        assertThat(d.events).isEqualTo(7);
        assertThat(d.users).isEqualTo(2);
        assertThat(d.loginUsers).isEqualTo(1);
        assertThat(d.logoutUsers).isEqualTo(1);
        assertThat(d.errorEvents).isEqualTo(1);
        assertThat(d.ccu).isEqualTo(1);

        assertThat(m.eventsPerType()).extracting(r -> r.eventType + ":" + r.events + "/" + r.users)
                .containsExactly("USER_LOGIN:2/1", "USER_LOGOUT:1/1", "ITEM_PURCHASE:1/0", "PAYMENT:2/0",
                        "ERROR_OCCURRED:1/1");
        assertThat(m.revenue()).extracting(r -> r.currency + ":" + r.revenue + "/" + r.transactions)
                .containsExactly("USD:1000/2", "EUR:500/1");
        assertThat(m.ccuPerServer()).extracting(r -> r.serverId + ":" + r.ccu).containsExactly("eu-1:1");
    }

    @Test
    void revenueAddsMinorUnitsAndCountsPayersOfItsOwnGranularity() {
        Revenue hour = new Revenue(Revenue.Granularity.HOUR);
        hour.add(money(EventType.PAYMENT, "KRW", 5000, FirstIn.PAYER_HOUR | FirstIn.PAYER_DAY));
        hour.add(money(EventType.ITEM_PURCHASE, "KRW", 1000, FirstIn.PAYER_5_MINUTES));
        hour.add(money(EventType.ITEM_PURCHASE, "KRW", 1500, FirstIn.PAYER_HOUR));
        assertThat(hour.revenue).isEqualTo(7500);
        assertThat(hour.transactions).isEqualTo(3);
        assertThat(hour.payingUsers).isEqualTo(2);
        assertThat(hour.arppu()).isEqualTo(3750.0);
        assertThat(new Revenue(Revenue.Granularity.DAY).arppu()).isZero();
    }

    @Test
    void gameplayAndHourlyRows() {
        Gameplay gameplay = new Gameplay();
        gameplay.add(event(EventType.QUEST_COMPLETE, FirstIn.GAMEPLAY_10_MINUTES));
        gameplay.add(event(EventType.QUEST_COMPLETE, 0));
        assertThat(gameplay.events).isEqualTo(2);
        assertThat(gameplay.players).isEqualTo(1);
        assertThat(gameplay.level).isEqualTo(12);

        ActiveUsersHour hour = new ActiveUsersHour();
        hour.add(event(EventType.CHAT_MESSAGE, FirstIn.HOUR));
        assertThat(hour.users).isEqualTo(1);
    }

    @Test
    void mergingPartialsGivesTheRowOfAllTheirFacts() {
        List<ActivityFact> facts = List.of(
                event(EventType.USER_LOGIN, FirstIn.MINUTE | FirstIn.MINUTE_TYPE | FirstIn.MINUTE_LOGIN | FirstIn.HOUR),
                money(EventType.PAYMENT, "USD", 999, FirstIn.PAYER_HOUR), presence(1),
                event(EventType.ERROR_OCCURRED, FirstIn.MINUTE_TYPE), money(EventType.PAYMENT, "EUR", 500, 0),
                presence(-1), event(EventType.QUEST_COMPLETE, FirstIn.GAMEPLAY_10_MINUTES | FirstIn.HOUR),
                money(EventType.ITEM_PURCHASE, "USD", 1, FirstIn.PAYER_HOUR), event(EventType.QUEST_COMPLETE, 0));
        MinuteRollup whole = new MinuteRollup();
        MinuteRollup merged = new MinuteRollup();
        ActiveUsersHour wholeHour = new ActiveUsersHour();
        ActiveUsersHour mergedHour = new ActiveUsersHour();
        Gameplay wholeGameplay = new Gameplay();
        Gameplay mergedGameplay = new Gameplay();
        Revenue wholeRevenue = new Revenue(Revenue.Granularity.HOUR);
        Revenue mergedRevenue = new Revenue(Revenue.Granularity.HOUR);
        // Split after the first, fourth and sixth fact: partials in the order a window may get them.
        int[] cuts = {0, 1, 4, 6, facts.size()};
        for (int c = cuts.length - 2; c >= 0; c--) {
            MinuteRollup minute = new MinuteRollup();
            ActiveUsersHour hour = new ActiveUsersHour();
            Gameplay gameplay = new Gameplay();
            Revenue revenue = new Revenue(Revenue.Granularity.HOUR);
            for (ActivityFact f : facts.subList(cuts[c], cuts[c + 1])) {
                minute.add(f);
                if (f.isEvent()) {
                    hour.add(f);
                }
                if (f.isEvent() && f.eventType == EventType.QUEST_COMPLETE) {
                    gameplay.add(f);
                }
                if (f.isMoney() && f.currency.equals("USD")) {
                    revenue.add(f);
                }
            }
            // PreAggregate only sends a partial that a fact went into.
            merged.merge(minute);
            if (hour.platform != null) {
                mergedHour.merge(hour);
            }
            if (gameplay.eventType != null) {
                mergedGameplay.merge(gameplay);
            }
            if (revenue.currency != null) {
                mergedRevenue.merge(revenue);
            }
        }
        for (ActivityFact f : facts) {
            whole.add(f);
            if (f.isEvent()) {
                wholeHour.add(f);
            }
            if (f.isEvent() && f.eventType == EventType.QUEST_COMPLETE) {
                wholeGameplay.add(f);
            }
            if (f.isMoney() && f.currency.equals("USD")) {
                wholeRevenue.add(f);
            }
        }
        assertThat(merged.dashboard()).usingRecursiveComparison().isEqualTo(whole.dashboard());
        assertThat(merged.eventsPerType()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(whole.eventsPerType());
        assertThat(merged.revenue()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(whole.revenue()).hasSize(2);
        assertThat(merged.ccuPerServer()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(whole.ccuPerServer()).hasSize(1);
        assertThat(mergedHour).usingRecursiveComparison().isEqualTo(wholeHour);
        assertThat(mergedHour.users).isEqualTo(2);
        assertThat(mergedGameplay).usingRecursiveComparison().isEqualTo(wholeGameplay);
        assertThat(mergedGameplay.events).isEqualTo(2);
        assertThat(mergedRevenue).usingRecursiveComparison().isEqualTo(wholeRevenue);
        assertThat(mergedRevenue.revenue).isEqualTo(1000);
    }

    private static Tuple2<String, MinuteRollup> partial(ActivityFact... facts) {
        MinuteRollup row = new MinuteRollup();
        for (ActivityFact f : facts) {
            row.add(f);
        }
        return Tuple2.of("PC", row);
    }

    @Test
    void theWindowEmitsOnTimeAndAgainForEachLatePartialWithinTheLateness() throws Exception {
        TypeInformation<MinuteRollup> rowType = TypeInformation.of(MinuteRollup.class);
        TypeInformation<Tuple2<String, MinuteRollup>> partialType = Types.TUPLE(Types.STRING, rowType);
        WindowOperatorBuilder<Tuple2<String, MinuteRollup>, String, TimeWindow> builder = new WindowOperatorBuilder<>(
                PartialWindows.of(Duration.ofMinutes(1)), PartialWindows.of(Duration.ofMinutes(1)).getDefaultTrigger(),
                new ExecutionConfig(), partialType, p -> p.f0, Types.STRING);
        builder.allowedLateness(Duration.ofMinutes(1));
        OneInputStreamOperator<Tuple2<String, MinuteRollup>, MinuteRollup> operator =
                builder.aggregate(new MergePartials<>(MinuteRollup::new), new StampWindow<>(), rowType);
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, p -> p.f0, Types.STRING)) {
            harness.open();
            harness.processElement(partial(event(EventType.SKILL_USE, FirstIn.MINUTE)), 59_999);
            harness.processElement(partial(presence(1)), 59_999);
            harness.processWatermark(new Watermark(60_000));
            harness.processElement(partial(event(EventType.SKILL_USE, 0), event(EventType.SKILL_USE, 0)), 59_999);
            harness.processWatermark(new Watermark(120_000));
            harness.processElement(partial(event(EventType.SKILL_USE, 0)), 59_999);

            List<MinuteRollup> rows = harness.extractOutputValues();
            assertThat(rows).extracting(r -> r.windowStartMs + ":" + r.events + "/" + r.ccu)
                    .as("on time, then one late update; past the lateness nothing")
                    .containsExactly("0:1/1", "0:3/1");
        }
    }
}
