#!/usr/bin/env bash
# Applies sql/schema (and, on servers that have TTL, sql/retention) to ClickHouse. Idempotent.
#   scripts/schema.sh [--clickhouse.url http://127.0.0.1:8123] [--clickhouse.database playpulse]
# Credentials: CLICKHOUSE_USER / CLICKHOUSE_PASSWORD in the environment.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_built
cd "$ROOT"
run_java io.playpulse.tools.SchemaTool --sql-dir "$ROOT/sql" "$@"
