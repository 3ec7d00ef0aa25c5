#!/usr/bin/env bash
# Applies sql/schema (and, on servers that have TTL, sql/retention) to ClickHouse. Idempotent.
#   scripts/schema.sh [--clickhouse.url http://127.0.0.1:8123] [--clickhouse.database playpulse]
# Credentials: CLICKHOUSE_USER / CLICKHOUSE_PASSWORD in the environment (a user that may create
# databases and tables); unset, the local server's administrator (scripts/services.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_built
cd "$ROOT"
if [ -z "${CLICKHOUSE_USER:-}" ] && [ -s "$RUN/clickhouse/admin.password" ]; then
  export CLICKHOUSE_USER=default CLICKHOUSE_PASSWORD=$(local_password admin) # this machine's server
fi
run_java io.playpulse.tools.SchemaTool --sql-dir "$ROOT/sql" "$@"
