#!/usr/bin/env bash
# Rewrites a savepoint of an earlier build into one this build restores from
# (io.playpulse.migration.SavepointMigration, in migration/: the State Processor API).
#   scripts/migrate-savepoint.sh --from /tmp/playpulse/savepoints/savepoint-1a2b3c-... --to /tmp/playpulse/savepoints/migrated
#   options: --flink-conf flink-conf (the job's configuration, for player.retention) or --player-retention "90 d"
# Which builds need it: docs/deploying.md#savepoint-migrations. Both paths must be readable here
# (a local or mounted directory; copy one from object storage first).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
echo "[build] installing the job and building the migration (tests skipped)"
mvn -q -B -DskipTests install
mvn -q -B -DskipTests -f migration/pom.xml package
exec java ${JAVA_OPTS:--Xmx2g} --add-opens java.base/java.lang=ALL-UNNAMED \
  -Dlog4j.configurationFile="$ROOT/scripts/log4j2-cli.properties" \
  -cp "$ROOT/migration/target/classes:$(cat "$ROOT/migration/target/classpath.txt")" \
  io.playpulse.migration.SavepointMigration "$@"
