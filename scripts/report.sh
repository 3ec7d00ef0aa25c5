#!/usr/bin/env bash
# Runs one of the ops analyses in sql/reports against ClickHouse (docs/analytics.md lists them).
#   scripts/report.sh --list
#   scripts/report.sh NAME [--from 2026-11-01[T10:00]] [--to ...] [--format table|json|csv]
#                          [--clickhouse.url http://127.0.0.1:8123] [--clickhouse.database playpulse]
# Times are UTC; --to is exclusive. Credentials: CLICKHOUSE_USER / CLICKHOUSE_PASSWORD in the environment;
# unset, the local server's read-only user.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_built
cd "$ROOT"
if [ -z "${CLICKHOUSE_USER:-}" ] && [ -s "$RUN/clickhouse/reader.password" ]; then
  export CLICKHOUSE_USER=playpulse_reader CLICKHOUSE_PASSWORD=$(local_password reader) # reads only
fi
run_java io.playpulse.tools.Reports "$@" --sql-dir "$ROOT/sql"
