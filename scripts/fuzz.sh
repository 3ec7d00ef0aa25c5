#!/usr/bin/env bash
# A long fuzz run of the event parser (io.playpulse.events.EventParserFuzzTest, jqwik): random
# bytes, mutated valid events, hostile fragments and other Unicode encodings. The test suite runs
# the same properties with a short budget.
#   scripts/fuzz.sh              2,500,000 tries for each of the 4 properties: 10 million cases
#   scripts/fuzz.sh 100000       tries per property
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TRIES=${1:-2500000}
cd "$ROOT"
echo "fuzz: $TRIES tries per property ($((TRIES * 4)) cases)"
started=$SECONDS
mvn -B -q test -Dtest=EventParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default="$TRIES" \
  || { echo "fuzz: FAILED (see the report above)" >&2; exit 1; }
echo "fuzz: $((TRIES * 4)) cases passed in $((SECONDS - started)) s"
