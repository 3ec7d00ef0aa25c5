#!/usr/bin/env bash
# The soak (#11): live simulated traffic at a steady rate through the job on a real multi-process
# Flink cluster (scripts/cluster.sh) while the TaskManager is SIGKILLed, ClickHouse is stopped, the
# broker restarted and the JobManager killed (the job resumed from its newest retained checkpoint),
# at random moments; then every output is checked against what was sent, and each fault's recovery
# time printed (io.playpulse.it.ClusterSoak). Exits 1 on any difference.
#   scripts/soak.sh    10,000,000 records at 1,000/s (about 3 hours here), 5 TaskManager kills, a 60 s
#                      ClickHouse outage, a 10 s broker restart, a JobManager kill
#   scripts/soak.sh --events 1000000 --rate 1000 --taskmanager-kills 2 --clickhouse-outage 20 \
#                   --broker-outage 0 --jobmanager-kill false --checkpoint-interval 10 --seed 23
#   (outages in seconds, 0 for none; --events counts every record sent, and the traffic goes on
#   until the last fault is ridden out)
# The suite runs a short one (ClusterSoakIT). Logs: target/soak-cluster.log, target/cluster/log/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/services.sh" start
ensure_built
export_local_job_credentials # the cluster's TaskManagers write as playpulse_writer
cd "$ROOT"
exec java -Xmx2g -Dlog4j.configurationFile="$ROOT/scripts/log4j2-cli.properties" \
  -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/test-classpath.txt")" \
  io.playpulse.it.ClusterSoak "$@"
