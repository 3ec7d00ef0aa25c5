#!/usr/bin/env bash
# The live dashboard (io.playpulse.dashboard), reading the local ClickHouse as the read-only user
# scripts/services.sh creates; scripts/demo.sh starts it for you.
#   scripts/dashboard.sh [--host 127.0.0.1] [--port 7070] [--clickhouse.url http://127.0.0.1:8123]
#                        [--clickhouse.database playpulse] [--flink.rest http://127.0.0.1:8081]
# --host 0.0.0.0 serves it beyond this machine. The reader's password: CLICKHOUSE_READER_PASSWORD,
# else the one scripts/services.sh generated.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_built
if [ -z "${CLICKHOUSE_READER_PASSWORD:-}" ]; then
  [ -s "$RUN/clickhouse/reader.password" ] || { echo "[dashboard] run scripts/services.sh start first" >&2; exit 1; }
  CLICKHOUSE_READER_PASSWORD=$(cat "$RUN/clickhouse/reader.password")
fi
export CLICKHOUSE_READER_PASSWORD
run_java io.playpulse.dashboard.DashboardServer --sql-dir "$ROOT/sql" "$@"
