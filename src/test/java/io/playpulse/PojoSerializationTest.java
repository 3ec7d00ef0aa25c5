package io.playpulse;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojo;
import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import io.playpulse.alert.Alert;
import io.playpulse.events.GameEvent;
import io.playpulse.events.IngestedRecord;
import io.playpulse.events.RejectedRecord;
import io.playpulse.kpi.EventsPerMinute;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything that travels between operators or sits in state is a POJO: no Kryo fallback. */
class PojoSerializationTest {
    static final List<Class<?>> TYPES = List.of(
            GameEvent.class, RejectedRecord.class, IngestedRecord.class, Alert.class, EventsPerMinute.class);

    @Test
    void allStreamTypesAreSerializedAsPojosWithoutKryo() {
        for (Class<?> type : TYPES) {
            assertSerializedAsPojo(type);
            assertSerializedAsPojoWithoutKryo(type);
        }
    }
}
