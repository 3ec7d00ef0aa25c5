package io.playpulse.migration;

import java.io.IOException;
import java.util.Optional;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.runtime.SavepointLoader;

/**
 * What a savepoint holds, from its metadata and the header of its keyed state: which operators
 * have state, and the serializer each keyed state was written with. So the migration knows which
 * of its steps a savepoint needs without being told which build wrote it.
 */
public final class SavepointContents {
    private final CheckpointMetadata metadata;

    private SavepointContents(CheckpointMetadata metadata) {
        this.metadata = metadata;
    }

    public static SavepointContents of(String savepoint) throws IOException {
        return new SavepointContents(SavepointLoader.loadSavepointMetadata(savepoint));
    }

    public boolean holdsState(OperatorIdentifier operator) {
        return operatorState(operator).map(s -> s.getStates().stream().anyMatch(OperatorSubtaskState::hasState)).orElse(false);
    }

    /** The snapshot of the serializer that wrote the values of the operator's keyed state {@code name}. */
    public Optional<TypeSerializerSnapshot<?>> valueSerializer(OperatorIdentifier operator, String name) throws IOException {
        Optional<OperatorState> state = operatorState(operator);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        for (OperatorSubtaskState subtask : state.get().getStates()) {
            for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                if (!(handle instanceof KeyGroupsStateHandle keyGroups)) {
                    throw new IllegalArgumentException("keyed state the migration cannot read (" + handle.getClass().getSimpleName()
                            + "): take the savepoint in the canonical format");
                }
                // A full snapshot's stream starts with the states' names and serializers (never
                // compressed), then the key groups.
                try (FSDataInputStream in = keyGroups.openInputStream()) {
                    KeyedBackendSerializationProxy<?> header =
                            new KeyedBackendSerializationProxy<>(Thread.currentThread().getContextClassLoader());
                    header.read(new DataInputViewStreamWrapper(in));
                    for (StateMetaInfoSnapshot info : header.getStateMetaInfoSnapshots()) {
                        if (info.getName().equals(name)) {
                            return Optional.of(info.getTypeSerializerSnapshot(
                                    StateMetaInfoSnapshot.CommonSerializerKeys.VALUE_SERIALIZER));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<OperatorState> operatorState(OperatorIdentifier operator) {
        return metadata.getOperatorStates().stream()
                .filter(s -> s.getOperatorID().equals(operator.getOperatorId()))
                .findFirst();
    }
}
