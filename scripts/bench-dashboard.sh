#!/usr/bin/env bash
# The dashboard's speed with a big game_events (io.playpulse.dashboard.DashboardBenchmark): each
# panel query's latency as the read-only user, a whole refresh, and the page load in headless
# Chromium (navigation to the first snapshot rendered). Figures in .run/bench/dashboard.json.
#   scripts/bench-dashboard.sh [--events 1000000] [--hours 12] [--runs 20] [--page-loads 5]
#   scripts/bench-dashboard.sh --events 0 --database playpulse --screenshot docs/images/dashboard.png
#       (no loading: the demo's own data, and a picture of the page)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/services.sh" start
ensure_built
cd "$ROOT"
CLICKHOUSE_READER_PASSWORD=${CLICKHOUSE_READER_PASSWORD:-$(local_password reader)} \
  CLICKHOUSE_ADMIN_PASSWORD=${CLICKHOUSE_ADMIN_PASSWORD:-$(local_password admin)} \
  java -Xmx2g -Dlog4j.configurationFile="$ROOT/scripts/log4j2-cli.properties" \
  -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/test-classpath.txt")" \
  io.playpulse.dashboard.DashboardBenchmark --results "$RUN/bench/dashboard.json" "$@"
