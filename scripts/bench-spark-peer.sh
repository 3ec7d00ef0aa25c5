#!/usr/bin/env bash
# Runs the design document's Spark job (the performance peer, ../shared/peers/spark-seed) on the
# project's broker, to be run right after scripts/bench.sh: only a side-by-side ratio means anything
# on a machine whose speed varies from day to day.
# Pre-loads SPARK_PEER_EVENTS (1,000,000) seed-schema events into a fresh 4-partition topic, drains
# it with the peer's five queries (AvailableNow, local[2]), deletes the topic and writes
# .run/bench/spark-peer.json.
# Env: SPARK_PEER_DIR (../shared/peers/spark-seed from the project root), SPARK_PEER_EVENTS,
#      PEER_BUILD_DIR (where the peer is built; /tmp/spark-peer/target).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PEER=${SPARK_PEER_DIR:-$ROOT/../shared/peers/spark-seed}
EVENTS=${SPARK_PEER_EVENTS:-1000000}
[ -d "$PEER" ] || { echo "bench-spark-peer: no peer at $PEER (set SPARK_PEER_DIR)" >&2; exit 2; }
"$ROOT/scripts/services.sh" start >/dev/null
BOOTSTRAP=127.0.0.1:${KAFKA_PORT:-9092}
TOPIC=spark-peer-$(date +%s)
BUILD=${PEER_BUILD_DIR:-/tmp/spark-peer/target}
export PEER_BUILD_DIR=$BUILD
if [ ! -s "$BUILD/cp.txt" ]; then
  mvn -B -q -Dstyle.color=never -f "$PEER/pom.xml" -Dpeer.build.dir="$BUILD" package >&2
fi
delete_topic() {
  java -Xmx256m -cp "$(cat "$RUN/kafka/classpath.txt")" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$BOOTSTRAP" --delete --topic "$TOPIC" >/dev/null 2>&1 || true
}
trap delete_topic EXIT
java -Xmx1g -cp "$BUILD/classes:$(cat "$BUILD/cp.txt")" peer.Preload "$BOOTSTRAP" "$TOPIC" "$EVENTS" --partitions 4
OUT=$("$PEER/run-peer.sh" "$BOOTSTRAP" "$TOPIC" | tee /dev/stderr | grep '^SPARK_PEER ' || true)
RATE=$(sed -nE 's/.*events_per_s=([0-9.]+).*/\1/p' <<<"$OUT")
[[ "$RATE" =~ ^[0-9.]+$ ]] || { echo "bench-spark-peer: the peer printed no result line" >&2; exit 1; }
mkdir -p "$RUN/bench"
printf '{"date": "%s", "events": %s, "topic_partitions": 4, "events_per_s": %s}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$EVENTS" "$RATE" > "$RUN/bench/spark-peer.json"
echo "bench-spark-peer: $RATE events/s, written to $RUN/bench/spark-peer.json"
