package io.playpulse.events;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of the stream that leaves the source's chain: Flink sends its events to
 * de-duplication with {@link GameEventSerializer}. Every other {@link GameEvent} stream, and the
 * state of the operators that keep events (CEP), stays the POJO type, so savepoints are unchanged.
 */
public final class GameEventTypeInfo extends TypeInformation<GameEvent> {
    private static final long serialVersionUID = 1L;

    public static final GameEventTypeInfo INSTANCE = new GameEventTypeInfo();

    private GameEventTypeInfo() {}

    @Override
    public TypeSerializer<GameEvent> createSerializer(SerializerConfig config) {
        return new GameEventSerializer();
    }

    @Override
    public Class<GameEvent> getTypeClass() {
        return GameEvent.class;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    /** Streams are keyed by a field of the event (the player), never by the whole event. */
    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return "GameEvent (PlayPulse's serializer)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GameEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return GameEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof GameEventTypeInfo;
    }
}
