#!/usr/bin/env bash
# Rewrites a savepoint of an earlier build into one this build restores from
# (io.playpulse.migration.SavepointMigration, in migration/: the State Processor API).
#   scripts/migrate-savepoint.sh --from /tmp/playpulse/savepoints/savepoint-1a2b3c-... --to /tmp/playpulse/savepoints/migrated
#   options: --flink-conf flink-conf (the job's configuration, for player.retention) or --player-retention "90 d"
# Which builds need it: docs/deploying.md#savepoint-migrations. Both paths must be readable here
# (a local or mounted directory; copy one from object storage first).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_on_job migration
JAVA_OPTS="${JAVA_OPTS:--Xmx2g}" run_java_on_job migration io.playpulse.migration.SavepointMigration "$@"
