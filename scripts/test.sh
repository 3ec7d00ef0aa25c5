#!/usr/bin/env bash
# Runs every test. Starts what the integration tests need (a ClickHouse server and a Kafka broker,
# via scripts/services.sh), then mvn verify: unit tests, then integration tests (*IT).
# Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=EndToEndIT
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/services.sh start
mvn -B verify "$@"
