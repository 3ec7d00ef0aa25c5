#!/usr/bin/env bash
# Sends simulated game traffic to Kafka (see io.playpulse.tools.EventGenerator for every option).
#   scripts/generate.sh --rate 500 --duration 10m
#   scripts/generate.sh --fast --events 1000000 --start now-2h --topic game-events
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_built
run_java io.playpulse.tools.EventGenerator "$@"
