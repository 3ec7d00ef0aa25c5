package io.playpulse;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojo;
import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import io.playpulse.alert.Alert;
import io.playpulse.churn.ChurnPrediction;
import io.playpulse.detect.BucketHistory;
import io.playpulse.detect.BucketInput;
import io.playpulse.detect.Detection;
import io.playpulse.detect.SuppressionEpisode;
import io.playpulse.events.GameEvent;
import io.playpulse.events.IngestedRecord;
import io.playpulse.events.RejectedRecord;
import io.playpulse.kpi.ActiveUsersHour;
import io.playpulse.kpi.CcuMinute;
import io.playpulse.kpi.DailyCounts;
import io.playpulse.kpi.DailyPlayersRow;
import io.playpulse.kpi.DashboardMinute;
import io.playpulse.kpi.DashboardRevenue;
import io.playpulse.kpi.EventsPerMinute;
import io.playpulse.kpi.Gameplay;
import io.playpulse.kpi.MinuteRollup;
import io.playpulse.kpi.Revenue;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.ChurnObservation;
import io.playpulse.player.PlayerProfile;
import io.playpulse.player.PlayerState;
import io.playpulse.player.PresenceTimeline;
import io.playpulse.server.ServerHealthMinute;
import io.playpulse.server.ServerHealthPartial;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything that travels between operators or sits in state is a POJO: no Kryo fallback. */
class PojoSerializationTest {
    static final List<Class<?>> TYPES = List.of(
            GameEvent.class, RejectedRecord.class, IngestedRecord.class, Alert.class, ActivityFact.class,
            PresenceTimeline.class, PlayerState.class, DailyCounts.class, DailyPlayersRow.class, EventsPerMinute.class,
            DashboardMinute.class, DashboardRevenue.class, CcuMinute.class, ActiveUsersHour.class, Revenue.class,
            Gameplay.class, MinuteRollup.class, Detection.class, SuppressionEpisode.class,
            BucketInput.class, BucketHistory.class, PlayerProfile.class, ChurnObservation.class,
            ChurnPrediction.class, ServerHealthPartial.class, ServerHealthMinute.class);

    @Test
    void allStreamTypesAreSerializedAsPojosWithoutKryo() {
        for (Class<?> type : TYPES) {
            assertSerializedAsPojo(type);
            assertSerializedAsPojoWithoutKryo(type);
        }
    }
}
