#!/usr/bin/env bash
# A standalone Flink session cluster on this machine, built from Maven Central jars (flink-dist is not
# served here): one JobManager JVM and CLUSTER_TASKMANAGERS TaskManager JVMs (1), configured from
# flink-conf/config.yaml, REST and web UI on 127.0.0.1, checkpoints and savepoints under .run/cluster.
#
#   scripts/cluster.sh start              the JobManager and the TaskManagers (after scripts/services.sh start)
#   scripts/cluster.sh submit [ARGS...]   the shaded job jar, as the operator submits it; ARGS go to the job
#   scripts/cluster.sh submit --from-latest-checkpoint [ARGS...]   resumed from the newest retained checkpoint
#   scripts/cluster.sh status             processes, jobs, checkpoints, and where the metrics are
#   scripts/cluster.sh kill-tm [N]        SIGKILL TaskManager N (1), then start a fresh one, as a pod restart would
#   scripts/cluster.sh kill-jm            SIGKILL the JobManager, then start a fresh one (no HA: resubmit from a checkpoint)
#   scripts/cluster.sh stop               stop every process of the cluster
#
# Environment: CLUSTER_TASKMANAGERS (1), CLUSTER_REST_PORT (8081), PLAYPULSE_RUN_DIR (.run),
# PLAYPULSE_CLUSTER_DIR (the cluster's configuration, PIDs, logs and checkpoints: .run/cluster),
# PLAYPULSE_JOB_JAR (the jar to submit; by default target/'s, built when the sources are newer). The
# TaskManagers write to ClickHouse as the local writer (scripts/services.sh made its password).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CLUSTER_DIR=${PLAYPULSE_CLUSTER_DIR:-$RUN/cluster}
CONF=$CLUSTER_DIR/conf
REST_PORT=${CLUSTER_REST_PORT:-8081}
REST=http://127.0.0.1:$REST_PORT
TASKMANAGERS=${CLUSTER_TASKMANAGERS:-1}
# What Flink's own launch scripts pass on Java 17 (its env.java.opts defaults): reflection into java.base.
JAVA_OPENS=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

log() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
rest_up() { curl -sf -m 2 "$REST/overview" >/dev/null 2>&1; }

# The classpath flink-dist's lib/ would give: runtime, clients, RocksDB, Prometheus reporter, logging.
flink_classpath() {
  local cp_file=$RUN/flink-cluster-classpath.txt
  if [ ! -s "$cp_file" ] || [ "$ROOT/scripts/flink/pom.xml" -nt "$cp_file" ]; then
    mkdir -p "$RUN"
    log "resolving the Flink cluster's classpath from Maven Central" >&2
    mvn -q -B -f "$ROOT/scripts/flink/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" \
      >"$RUN/flink-cluster-resolve.log" 2>&1 || die "could not resolve the classpath; see $RUN/flink-cluster-resolve.log"
  fi
  cat "$cp_file"
}

# flink-conf/config.yaml with this machine's directories and addresses added.
write_conf() {
  mkdir -p "$CONF" "$CLUSTER_DIR"/{log,checkpoints,savepoints}
  sed -e "s|file:///tmp/playpulse/checkpoints|file://$CLUSTER_DIR/checkpoints|" \
      -e "s|file:///tmp/playpulse/savepoints|file://$CLUSTER_DIR/savepoints|" \
      "$ROOT/flink-conf/config.yaml" >"$CONF/config.yaml"
  cat >>"$CONF/config.yaml" <<YAML

# Added by scripts/cluster.sh: everything on loopback.
jobmanager.rpc.address: 127.0.0.1
jobmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.cpu.cores: 2
rest:
  address: 127.0.0.1
  bind-address: 127.0.0.1
  port: $REST_PORT
YAML
}

flink_java() { # log name, then java arguments; runs in the background, prints the PID
  local name=$1; shift
  # Appends: a restarted JobManager or TaskManager keeps the log of the one it replaces.
  nohup java "${JAVA_OPENS[@]}" -Dlog4j.configurationFile="$ROOT/scripts/log4j2-cluster.properties" "$@" \
    >>"$CLUSTER_DIR/log/$name.log" 2>&1 &
  echo $!
}

start_jobmanager() {
  alive "$CLUSTER_DIR/jobmanager.pid" && { log "JobManager already running"; return; }
  log "starting the JobManager (REST and web UI: $REST)"
  flink_java jobmanager -Xmx1g -cp "$CP" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$CONF" >"$CLUSTER_DIR/jobmanager.pid"
  local deadline=$((SECONDS + 60))
  until rest_up; do
    [ $SECONDS -lt $deadline ] || die "the JobManager did not answer within 60 s; see $CLUSTER_DIR/log/jobmanager.log"
    sleep 0.5
  done
}

start_taskmanager() { # number
  local n=$1 params jvm dynamic
  alive "$CLUSTER_DIR/taskmanager-$n.pid" && { log "TaskManager $n already running"; return; }
  # Flink's own scripts size the JVM this way: heap, direct and metaspace limits, and the memory
  # components as dynamic properties, all derived from taskmanager.memory.process.size.
  params=$(java -cp "$CP" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS --configDir "$CONF" \
    2>/dev/null | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')
  jvm=$(sed -n 1p <<<"$params")
  dynamic=$(sed -n 2p <<<"$params")
  [ -n "$jvm" ] && [ -n "$dynamic" ] || die "could not size the TaskManager from $CONF/config.yaml"
  export_local_job_credentials # the sinks read them from the TaskManager's environment
  log "starting TaskManager $n"
  # shellcheck disable=SC2086 # the sizes are separate words
  flink_java "taskmanager-$n" $jvm -cp "$CP" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$CONF" $dynamic >"$CLUSTER_DIR/taskmanager-$n.pid"
}

await_slots() {
  local want=$1 deadline=$((SECONDS + 60))
  until [ "$(curl -sf -m 2 "$REST/overview" | sed -n 's/.*"slots-total":\([0-9]*\).*/\1/p')" = "$want" ]; do
    [ $SECONDS -lt $deadline ] || die "not $want slots within 60 s; see $CLUSTER_DIR/log/"
    sleep 0.5
  done
}

slots_per_taskmanager() {
  sed -n 's/^  numberOfTaskSlots: *\([0-9]*\).*/\1/p' "$CONF/config.yaml" | head -1
}

start() {
  CP=$(flink_classpath)
  write_conf
  # A new cluster starts new logs; a restarted process appends to its predecessor's.
  alive "$CLUSTER_DIR/jobmanager.pid" || rm -f "$CLUSTER_DIR"/log/*.log
  start_jobmanager
  local n
  for n in $(seq 1 "$TASKMANAGERS"); do start_taskmanager "$n"; done
  await_slots $((TASKMANAGERS * $(slots_per_taskmanager)))
  log "ready: $TASKMANAGERS TaskManager(s); web UI $REST"
}

stop() {
  local pid_file
  for pid_file in "$CLUSTER_DIR"/taskmanager-*.pid "$CLUSTER_DIR"/jobmanager.pid; do
    [ -f "$pid_file" ] || continue
    if alive "$pid_file"; then kill "$(cat "$pid_file")"; fi
    rm -f "$pid_file"
  done
  log "stopped"
}

latest_checkpoint() {
  find "$CLUSTER_DIR/checkpoints" -name _metadata -printf '%T@ %h\n' 2>/dev/null | sort -n | tail -1 | cut -d' ' -f2
}

submit() {
  rest_up || die "no cluster at $REST: scripts/cluster.sh start"
  local from=()
  if [ "${1:-}" = "--from-latest-checkpoint" ]; then
    shift
    local checkpoint
    checkpoint=$(latest_checkpoint)
    [ -n "$checkpoint" ] || die "no retained checkpoint under $CLUSTER_DIR/checkpoints"
    log "resuming from $checkpoint"
    from=(-s "$checkpoint")
  fi
  local jar=${PLAYPULSE_JOB_JAR:-}
  if [ -z "$jar" ]; then
    ensure_built
    jar=$(ls "$ROOT"/target/playpulse-*-job.jar | head -1)
  fi
  CP=$(flink_classpath)
  # The client's log (it looks for a YARN CLI it does not need) goes to a file; the job id is printed.
  FLINK_CONF_DIR=$CONF java "${JAVA_OPENS[@]}" -Dlog4j.configurationFile="$ROOT/scripts/log4j2-cli.properties" \
    -cp "$CP" org.apache.flink.client.cli.CliFrontend run -m "127.0.0.1:$REST_PORT" -d "${from[@]}" "$jar" \
    --churn.model "$ROOT/models/churn-v1.json" "$@" >"$CLUSTER_DIR/log/submit.log" 2>&1 || true
  grep -q 'Job has been submitted' "$CLUSTER_DIR/log/submit.log" \
    || { tail -20 "$CLUSTER_DIR/log/submit.log" >&2; die "submission failed; see $CLUSTER_DIR/log/submit.log"; }
  log "$(grep 'Job has been submitted' "$CLUSTER_DIR/log/submit.log")"
}

status() {
  local pid_file
  for pid_file in "$CLUSTER_DIR"/jobmanager.pid "$CLUSTER_DIR"/taskmanager-*.pid; do
    [ -f "$pid_file" ] || continue
    if alive "$pid_file"; then
      log "$(basename "$pid_file" .pid): pid $(cat "$pid_file"), running"
    else
      log "$(basename "$pid_file" .pid): pid $(cat "$pid_file"), dead"
    fi
  done
  rest_up || { log "no REST API at $REST"; return; }
  log "overview: $(curl -sf -m 2 "$REST/overview")"
  log "jobs: $(curl -sf -m 2 "$REST/jobs/overview" | grep -o '"jid":"[^"]*","name":"[^"]*"[^}]*"state":"[^"]*"' || true)"
  log "metrics (Prometheus, one port per process from 9249): curl -s http://127.0.0.1:9249/metrics | grep -E 'eventsIn|deadLetters|alerts|clickhouseRows'"
}

timeline() { # each restore of the job, step by step, from the JobManagers' log
  local log=$CLUSTER_DIR/log/jobmanager.log
  [ -f "$log" ] || die "no JobManager log at $log"
  awk '
    /Completed checkpoint [0-9]+ for job/ {
      match($0, /checkpoint [0-9]+/); id = substr($0, RSTART + 11, RLENGTH - 11)
      match($0, /\([0-9]+ bytes/); bytes[id] = substr($0, RSTART + 1, RLENGTH - 7)
      if (restoring) { print $1, "  first checkpoint after it (" id ")"; restoring = 0 }
    }
    /switched from state/ { match($0, /switched from state [A-Z]+ to [A-Z]+/); print $1, "job", substr($0, RSTART + 20, RLENGTH - 20) }
    /Restoring job .* from Checkpoint [0-9]+/ || /Starting job .* from savepoint/ {
      match($0, /chk-[0-9]+/); id = substr($0, RSTART + 4, RLENGTH - 4)
      printf "%s restoring checkpoint %s (%d MB)\n", $1, id, bytes[id] / 1048576
      restoring = 1; deploying = ""; running = ""
    }
    restoring && /switched from DEPLOYING to INITIALIZING/ && deploying == "" { deploying = $1; print $1, "  first task restoring its state" }
    restoring && /switched from INITIALIZING to RUNNING/ { running = $1 }
    restoring && /Triggering checkpoint/ && running != "" { print running, "  last task running"; running = "" }
  ' "$log"
}

kill_and_restart() { # pid file, then the start function and its arguments
  local pid_file=$1; shift
  alive "$pid_file" || die "$(basename "$pid_file" .pid) is not running"
  log "SIGKILL $(basename "$pid_file" .pid) (pid $(cat "$pid_file"))"
  kill -9 "$(cat "$pid_file")"
  while alive "$pid_file"; do sleep 0.1; done
  rm -f "$pid_file"
  CP=$(flink_classpath)
  "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  submit) shift; submit "$@" ;;
  status) status ;;
  kill-tm) kill_and_restart "$CLUSTER_DIR/taskmanager-${2:-1}.pid" start_taskmanager "${2:-1}" ;;
  kill-jm) kill_and_restart "$CLUSTER_DIR/jobmanager.pid" start_jobmanager ;;
  timeline) timeline ;;
  *) echo "usage: $0 start | stop | submit [--from-latest-checkpoint] [ARGS] | status | kill-tm [N] | kill-jm | timeline" >&2; exit 2 ;;
esac
