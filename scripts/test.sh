#!/usr/bin/env bash
# Runs every test. Starts what the integration tests need (a ClickHouse server and a Kafka broker,
# via scripts/services.sh, and Chromium for the dashboard's browser test), then mvn install: unit
# tests, then integration tests (*IT); then the tests of the two projects that build on the
# installed job: the savepoint migrations (migration/) and the churn trainer (trainer/, ChurnIT).
# Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=EndToEndIT (those two projects' tests
# then do not run)
#   scripts/test.sh --quick    the unit tests only (no services, about a minute and a half)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
# The tests of the projects on the installed job, when the job's own ran unfiltered.
projects_on_job() { # goal, then the job's own arguments
  local goal=$1; shift
  if [ $# -eq 0 ]; then
    mvn -B -f migration/pom.xml "$goal"
    mvn -B -f trainer/pom.xml "$goal"
  fi
}
if [ "${1:-}" = "--quick" ]; then
  shift
  mvn -B -DskipITs install "$@"
  projects_on_job test "$@"
  exit 0
fi
scripts/services.sh start
# The job under test writes as the local writer, which may not change the schema; the tests' own
# set-up and checks use the administrator (both passwords: .run/clickhouse/, from services.sh).
export CLICKHOUSE_USER=playpulse_writer
CLICKHOUSE_PASSWORD=$(cat "${PLAYPULSE_RUN_DIR:-.run}/clickhouse/writer.password")
export CLICKHOUSE_PASSWORD
# The dashboard's browser test (DashboardIT) drives Debian's Chromium through its chromedriver.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "[test] installing Debian's chromium and chromium-driver"
  sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver >/dev/null
fi
mvn -B install "$@"
projects_on_job verify "$@"
