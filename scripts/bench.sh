#!/usr/bin/env bash
# Measures PlayPulse on this machine:
#  1. JMH: records/s one thread parses and validates (io.playpulse.bench.EventParserBenchmark), and
#     de-duplication's step per event on one player's ids (io.playpulse.bench.SeenEventIdsBenchmark),
#     the player's state, churn profile and a gate's state written, read, copied and written to a
#     heap snapshot's compressed stream, POJO against compact (io.playpulse.bench.StateSerializerBenchmark),
#     an event sent to de-duplication, POJO against PlayPulse's serializer
#     (io.playpulse.bench.EventSerializerBenchmark), and game_events rows encoded for the writer
#     (io.playpulse.clickhouse.GameEventRowsBenchmark);
#     then the state kept per player and per event id, and its heap at BENCH_PLAYERS (100,000) players
#     (io.playpulse.bench.StateFootprint; BENCH_SKIP_FOOTPRINT=1 skips it);
#  2. io.playpulse.tools.Benchmark: the Kafka -> parse -> discard ceiling, the job stage by stage
#     into ClickHouse on the same pre-loaded records, and the event-to-ClickHouse delay at a fixed rate.
# Options (for 2): --events 1000000 --simulated-rate 500 (event-time rate of the pre-loaded events) --latency-rate 2000 --latency-start-up 30 (seconds of live traffic reported apart, before the measured ones) --latency-seconds 60 (0: none) --parallelism 2 --warm-up-runs 2 (uncounted whole-job runs first, while the JIT compiles) --flink-conf key=value,key=value (any Flink option, to try it) --job key=value,... (any PlayPulse option without its "playpulse." prefix, likewise) --managed-memory 1400m
#   --stages ingest,kpis,detection,churn (each includes the ones before; churn is the whole job)
#   --results .run/bench/results.json (the figures, as JSON)
#   --timer-service rocksdb|heap
#   --state-backend rocksdb|hashmap --checkpoint-interval 10s.   BENCH_SKIP_JMH=1 skips 1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/services.sh" start
ensure_built
cd "$ROOT"
if [ -z "${BENCH_SKIP_JMH:-}" ]; then
  echo "bench: JMH, EventParser, SeenEventIds, the state and event serializers, game_events rows and the gate's actions (one thread)"
  mkdir -p "$RUN/bench"
  java -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/test-classpath.txt")" \
    org.openjdk.jmh.Main 'EventParserBenchmark|SeenEventIdsBenchmark|StateSerializerBenchmark|EventSerializerBenchmark|GameEventRowsBenchmark|GateActionsBenchmark' -wi 3 -i 5 -w 2 -r 2 -rf json -rff "$RUN/bench/jmh.json" 2>&1 | grep -E '^(Benchmark |\S*Benchmark\.)'
fi
if [ -z "${BENCH_SKIP_FOOTPRINT:-}" ]; then
  mkdir -p "$RUN/bench"
  echo "bench: state per player and per event id (io.playpulse.bench.StateFootprint, ${BENCH_PLAYERS:-100000} players)"
  java -Xmx3g -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/test-classpath.txt")" \
    io.playpulse.bench.StateFootprint "${BENCH_PLAYERS:-100000}" "$RUN/bench/footprint.json" 2>&1 | grep '^footprint:'
fi
export_local_job_credentials # the job writes as playpulse_writer; the bench's databases are the administrator's
# The bench's JVM is the job's one TaskManager (two slots), so it gets the heap of one in
# k8s/playpulse.yaml: 7168m under Flink's memory model is 5,320 MB of task heap and 128 MB of
# framework heap (docs/deploying.md#sizing). With 3 GB, five minutes at 20,000 events/s ran out of
# heap (docs/performance.md#not-yet-reached-and-the-next-leads). At that size from the start
# (-Xms), as Flink starts a TaskManager: G1 sets its marking threshold from the heap it has, so a
# heap it shrinks between the bench's jobs starts old-generation collections early and often.
TASK_MANAGER_HEAP=5448m
JAVA_OPTS="${JAVA_OPTS:--Xmx$TASK_MANAGER_HEAP -Xms$TASK_MANAGER_HEAP}" run_java io.playpulse.tools.Benchmark "$@"
