#!/usr/bin/env bash
# Trains the churn model from ClickHouse and writes the model file (io.playpulse.trainer.TrainChurnModel,
# in trainer/: a project of its own, so the job jar carries neither it nor Tribuo).
#   scripts/train.sh --out models/churn-v2.json                      from the job's database (playpulse)
#   scripts/train.sh --simulate-days 28 --out models/churn-v2.json   from 4 simulated weeks run through the job
# Options: --clickhouse.url --clickhouse.database --min-auc 0.85 --seed --epochs --folds --hold-out
#          --players --churn-ratio (with --simulate-days). Credentials: CLICKHOUSE_USER / CLICKHOUSE_PASSWORD.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/services.sh" start
build_on_job trainer
export_local_job_credentials # --simulate-days makes a database and runs the job into it
JAVA_OPTS="${JAVA_OPTS:--Xmx3g}" run_java_on_job trainer io.playpulse.trainer.TrainChurnModel "$@"
