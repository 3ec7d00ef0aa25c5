package io.playpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.state.Serialized;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The id table against a plain map of strings, on random sequences of puts, lookups, the
 * de-duplicator's remember-unless-repeated step and sweeps over
 * ids drawn from a small pool, so that they repeat: canonical UUIDs, the same UUIDs in capitals
 * (other ids, not the same ones), and short texts.
 */
class SeenEventIdsTest {

    @Property
    void holdsExactlyWhatAMapOfStringsHolds(@ForAll("operations") List<Tuple.Tuple3<Integer, String, Long>> operations)
            throws Exception {
        SeenEventIds ids = new SeenEventIds();
        Map<String, Long> expected = new HashMap<>();
        // Copies taken along the way, as the heap backend takes them while a snapshot runs, with what each held.
        Map<SeenEventIds, Map<String, Long>> copies = new java.util.IdentityHashMap<>();
        for (Tuple.Tuple3<Integer, String, Long> op : operations) {
            String id = op.get2();
            long at = op.get3();
            switch (op.get1()) {
                case 0 -> {
                    ids.put(id, at);
                    expected.put(id, at);
                }
                case 1 -> assertThat(ids.firstSeen(id)).isEqualTo(expected.getOrDefault(id, SeenEventIds.NONE));
                case 3 -> {
                    // As the de-duplicator asks: a repeat within 20 of "now" is left alone, anything else is (re)remembered.
                    long after = at - 20;
                    Long previous = expected.get(id);
                    boolean repeat = previous != null && previous > after;
                    assertThat(ids.rememberUnlessSeenAfter(id, after, at)).as(id).isEqualTo(!repeat);
                    if (!repeat) {
                        expected.put(id, at);
                    }
                }
                case 4 -> copies.put(SeenEventIdsSerializer.INSTANCE.copy(ids), new HashMap<>(expected));
                default -> {
                    long oldest = ids.forgetUpTo(at);
                    expected.values().removeIf(seen -> seen <= at);
                    assertThat(oldest).isEqualTo(expected.values().stream().min(Long::compare).orElse(SeenEventIds.NONE));
                }
            }
            assertThat(ids.size()).isEqualTo(expected.size());
        }
        for (Map.Entry<String, Long> id : expected.entrySet()) {
            assertThat(ids.firstSeen(id.getKey())).as(id.getKey()).isEqualTo(id.getValue());
        }
        SeenEventIds restored = roundTrip(ids);
        assertThat(restored).isEqualTo(ids);
        for (Map.Entry<String, Long> id : expected.entrySet()) {
            assertThat(restored.firstSeen(id.getKey())).as(id.getKey()).isEqualTo(id.getValue());
        }
        // The changes after a copy touched neither it nor, changed in turn, the value it was taken from.
        for (Map.Entry<SeenEventIds, Map<String, Long>> copy : copies.entrySet()) {
            SeenEventIds taken = copy.getKey();
            assertThat(taken.size()).isEqualTo(copy.getValue().size());
            for (Map.Entry<String, Long> id : copy.getValue().entrySet()) {
                assertThat(taken.firstSeen(id.getKey())).as(id.getKey()).isEqualTo(id.getValue());
            }
            assertThat(roundTrip(taken)).isEqualTo(taken);
            expected.keySet().forEach(id -> taken.put(id, Long.MAX_VALUE));
            taken.forgetUpTo(Long.MAX_VALUE - 1);
        }
        for (Map.Entry<String, Long> id : expected.entrySet()) {
            assertThat(ids.firstSeen(id.getKey())).as(id.getKey()).isEqualTo(id.getValue());
        }
    }

    /**
     * A copy clones only the recent table, which stays near twice the square root of the ids held:
     * an hour of one event every six seconds, each with a copy taken before it, as in a snapshot.
     */
    @Property(tries = 20)
    void theRecentTableACopyClonesStaysNearTheRootOfTheIdsHeld(@ForAll("uuids") List<String> uuids) {
        SeenEventIds ids = new SeenEventIds();
        for (String id : uuids) {
            ids = SeenEventIdsSerializer.INSTANCE.copy(ids);
            ids.put(id, 1L);
            assertThat(ids.recentSize()).as("%d ids held", ids.size())
                    .isLessThanOrEqualTo(Math.max(8, (int) Math.ceil(2 * Math.sqrt(ids.size())) + 1));
        }
    }

    @Property
    void onlyTheCanonicalFormOfAUuidIsHeldAsItsBits(@ForAll("ids") String id) {
        boolean canonical;
        try {
            canonical = UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException notAUuid) {
            canonical = false;
        }
        assertThat(SeenEventIds.isCanonicalUuid(id)).isEqualTo(canonical);
    }

    @Property
    void aUuidTakesTwentyFourBytesSerialized(@ForAll("uuids") List<String> uuids) throws Exception {
        SeenEventIds ids = new SeenEventIds();
        uuids.forEach(id -> ids.put(id, 1L));
        DataOutputSerializer out = new DataOutputSerializer(64);
        SeenEventIdsSerializer.INSTANCE.serialize(ids, out);
        assertThat(out.length()).isEqualTo(16 + 24 * ids.size());
    }

    private static SeenEventIds roundTrip(SeenEventIds ids) throws Exception {
        return Serialized.roundTrip(SeenEventIdsSerializer.INSTANCE, ids);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, String, Long>>> operations() {
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 12).map(n -> n < 3 ? 0 : n < 6 ? 3 : n < 10 ? 1 : n < 11 ? 4 : 2);
        return Arbitraries.lazy(() -> {
            List<String> pool = ids().list().ofMinSize(1).ofMaxSize(80).sample();
            Arbitrary<String> id = Arbitraries.of(pool);
            return net.jqwik.api.Combinators.combine(kind, id, Arbitraries.longs().between(0, 100))
                    .as(Tuple::of).list().ofMaxSize(400);
        });
    }

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> uuid = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString());
        return Arbitraries.oneOf(uuid, uuid.map(String::toUpperCase),
                Arbitraries.strings().withChars("0123456789abcdef-xA").ofMinLength(0).ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789abcdef-").ofLength(36));
    }

    @Provide
    Arbitrary<List<String>> uuids() {
        return Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString()).list().ofMaxSize(600);
    }
}
