#!/usr/bin/env bash
# Measures PlayPulse on this machine (io.playpulse.tools.Benchmark): the Kafka -> parse -> discard
# ceiling, the whole job into ClickHouse on the same pre-loaded records, and the event-to-ClickHouse
# delay at a fixed live rate. Options: --events 1000000 --latency-rate 2000 --latency-seconds 60
# --parallelism 2 --state-backend rocksdb|hashmap --checkpoint-interval 10s
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/services.sh" start
ensure_built
cd "$ROOT"
JAVA_OPTS="${JAVA_OPTS:--Xmx3g}" run_java io.playpulse.tools.Benchmark "$@"
