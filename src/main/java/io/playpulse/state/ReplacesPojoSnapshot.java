package io.playpulse.state;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;

/**
 * The snapshot of a serializer that took over state Flink's POJO serializer wrote in earlier
 * builds: on restore, Flink reads such state with the POJO serializer its savepoint names and
 * writes it on with the new one (on RocksDB it rewrites every value at the restore).
 */
public abstract class ReplacesPojoSnapshot<T> extends SimpleTypeSerializerSnapshot<T> {
    protected ReplacesPojoSnapshot(Supplier<? extends TypeSerializer<T>> serializer) {
        super(serializer);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSerializerSnapshot) {
        if (oldSerializerSnapshot instanceof PojoSerializerSnapshot) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return super.resolveSchemaCompatibility(oldSerializerSnapshot);
    }
}
