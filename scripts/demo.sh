#!/usr/bin/env bash
# The whole pipeline on this machine: services, schema, the job on an embedded Flink MiniCluster,
# and live simulated traffic; prints live numbers from ClickHouse until Ctrl-C (or for N seconds).
#   scripts/demo.sh            run until Ctrl-C
#   scripts/demo.sh 120        run for two minutes
# Environment: DEMO_RATE (events/s, default 300), DEMO_PARALLELISM (2), DEMO_FLINK_PORT (Flink's REST
# API and web UI on 127.0.0.1, default 8081), DEMO_JOB_ARGS (more job settings, e.g.
# "--clickhouse.retry-budget 10s"), DEMO_DASHBOARD_HOST (the live dashboard's address, default
# 127.0.0.1; 0.0.0.0 serves it beyond this machine), DEMO_DASHBOARD_PORT (7070).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DURATION=${1:-0}
RATE=${DEMO_RATE:-300}
DEMO_DIR=$RUN/demo
CH=http://127.0.0.1:${CLICKHOUSE_HTTP_PORT:-8123}
DB=playpulse
FLINK=http://127.0.0.1:${DEMO_FLINK_PORT:-8081}
DASHBOARD_HOST=${DEMO_DASHBOARD_HOST:-127.0.0.1}
DASHBOARD_PORT=${DEMO_DASHBOARD_PORT:-7070}
DASHBOARD=http://$DASHBOARD_HOST:$DASHBOARD_PORT/

"$ROOT/scripts/services.sh" start
ensure_built
mkdir -p "$DEMO_DIR"
(cd "$ROOT" && CLICKHOUSE_USER=default CLICKHOUSE_PASSWORD=$(local_password admin) \
  run_java io.playpulse.tools.SchemaTool --sql-dir "$ROOT/sql" --clickhouse.database "$DB")
export_local_job_credentials
READER_PASSWORD=$(local_password reader)

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "[demo] stopping the generator, the job and the dashboard"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  cat <<MSG
[demo] the services keep running, with everything the job wrote. Query them, e.g.:
  curl -s -u playpulse_reader:\$(cat $RUN/clickhouse/reader.password) $CH/ --data-binary "SELECT event_type, count() FROM $DB.game_events FINAL GROUP BY event_type FORMAT PrettyCompact"
  timeout 10 clickhouse-client --host 127.0.0.1 --user playpulse_reader --password \$(cat $RUN/clickhouse/reader.password) --database $DB --query "SELECT * FROM alerts FINAL ORDER BY detected_at DESC LIMIT 10"
  (the ops queries are in sql/queries/; logs of this run are in $DEMO_DIR/)
[demo] stop the services with: scripts/services.sh stop
MSG
}
trap cleanup INT TERM EXIT

# The shipped Flink configuration, with checkpoints and savepoints under .run/demo.
mkdir -p "$DEMO_DIR/conf"
sed -e "s|file:///tmp/playpulse/checkpoints|file://$DEMO_DIR/checkpoints|" \
    -e "s|file:///tmp/playpulse/savepoints|file://$DEMO_DIR/savepoints|" \
    "$ROOT/flink-conf/config.yaml" >"$DEMO_DIR/conf/config.yaml"
# Flink's REST API and web UI on loopback: the loop below reads the job's state from it.
printf 'rest:\n  port: %s\n  address: 127.0.0.1\n  bind-address: 127.0.0.1\n' "${DEMO_FLINK_PORT:-8081}" \
  >>"$DEMO_DIR/conf/config.yaml"
echo "[demo] starting the job (embedded Flink, logs in $DEMO_DIR/job.log)"
echo "[demo] Prometheus metrics (Flink's reporter as flink-conf ships it; on every interface, as in a pod):"
echo "       http://127.0.0.1:9249/metrics (or the next free port up to 9259), e.g. | grep -E 'eventsIn|deadLetters|alerts'"
run_java io.playpulse.PlayPulseJob --flink-conf "$DEMO_DIR/conf" --checkpoint-interval 5s \
  --parallelism "${DEMO_PARALLELISM:-2}" --clickhouse.database "$DB" \
  --churn.model "$ROOT/models/churn-v1.json" ${DEMO_JOB_ARGS:-} >"$DEMO_DIR/job.log" 2>&1 &
pids+=($!)
echo "[demo] starting the generator at $RATE events/s (logs in $DEMO_DIR/generator.log)"
run_java io.playpulse.tools.EventGenerator --rate "$RATE" --seed "$RANDOM" >"$DEMO_DIR/generator.log" 2>&1 &
pids+=($!)
echo "[demo] starting the live dashboard on $DASHBOARD (logs in $DEMO_DIR/dashboard.log)"
"$ROOT/scripts/dashboard.sh" --host "$DASHBOARD_HOST" --port "$DASHBOARD_PORT" --clickhouse.url "$CH" \
  --clickhouse.database "$DB" --flink.rest "$FLINK" >"$DEMO_DIR/dashboard.log" 2>&1 &
pids+=($!)

# The reader's password goes to curl on stdin (-K -), not on its command line, where ps would show it.
query() { printf 'user = "playpulse_reader:%s"\n' "$READER_PASSWORD" | curl -s -m 5 -K - "$CH/?database=$DB" --data-binary "$1 FORMAT PrettyCompactMonoBlock" || true; }

# The job's state from Flink's REST API, said loudly when it is not running: the numbers below it
# are then stale, not zero.
json_field() { { grep -o "\"$1\":[^,}]*" || true; } | head -1 | cut -d: -f2- | tr -d '"'; }
job_status() {
  local overview jid state restarts checkpoint_age
  overview=$(curl -s -m 2 "$FLINK/jobs/overview" || true)
  jid=$(printf '%s' "$overview" | json_field jid)
  if [ -z "$jid" ]; then
    echo "JOB: NOT REACHABLE at $FLINK (starting, or the job process died: see $DEMO_DIR/job.log)"
    return
  fi
  state=$(printf '%s' "$overview" | json_field state)
  restarts=$(curl -s -m 2 "$FLINK/jobs/$jid/metrics?get=numRestarts" | json_field value || true)
  checkpoint_age=$(curl -s -m 2 "$FLINK/jobs/$jid/checkpoints" \
    | { grep -o '"latest":{"completed":{[^}]*"latest_ack_timestamp":[0-9]*' || true; } | { grep -o '[0-9]*$' || true; })
  if [ -n "$checkpoint_age" ] && [ "$checkpoint_age" -gt 0 ]; then
    checkpoint_age="$(( $(date +%s) - checkpoint_age / 1000 )) s ago"
  else
    checkpoint_age="none yet"
  fi
  echo "JOB: $state   restarts: ${restarts:-?}   last checkpoint: $checkpoint_age   (web UI: $FLINK)"
  if [ "$state" != RUNNING ]; then
    echo "!!! The job is $state: the figures below are what ClickHouse held before; nothing new arrives until it runs."
    { curl -s -m 2 "$FLINK/jobs/$jid/exceptions" || true; } | json_field root-exception | cut -c1-300 | sed 's/^/!!! last failure: /'
  elif [ "${restarts:-0}" != 0 ]; then
    echo "(the job has restarted $restarts times; see $FLINK/#/job/running/$jid/exceptions)"
  fi
}

started=$SECONDS
while [ "$DURATION" -eq 0 ] || [ $((SECONDS - started)) -lt "$DURATION" ]; do
  sleep 5
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "[demo] a process stopped; see $DEMO_DIR/"; tail -n 5 "$DEMO_DIR"/*.log; exit 1; }
  done
  clear 2>/dev/null || true
  echo "PlayPulse demo: $((SECONDS - started)) s   (Ctrl-C to stop)   live dashboard: $DASHBOARD"
  job_status
  if ! curl -s -m 2 -o /dev/null "$CH/ping"; then
    echo "!!! ClickHouse does not answer at $CH: no figures until it is back (the job retries, then restarts)"
    continue
  fi
  query "SELECT round(countIf(version > (toUInt64(now()) - 10) * 1000000) / 10) AS events_per_s_last_10s,
                count() AS events_stored, countIf(is_late = 1) AS late
         FROM game_events"
  query "SELECT (SELECT count() FROM rejected_events) AS dead_letters, (SELECT count() FROM alerts FINAL) AS alerts"
  echo "Events per type, last closed minute (kpi_events_per_minute):"
  query "SELECT minute, event_type, sum(events) AS events FROM kpi_events_per_minute FINAL
         WHERE minute = (SELECT max(minute) FROM kpi_events_per_minute)
         GROUP BY minute, event_type ORDER BY events DESC LIMIT 6"
  echo "Churn scores so far (churn_predictions, model churn-v1):"
  query "SELECT trigger, risk_level, count() AS scores, uniqExact(user_id) AS players,
                round(avg(churn_probability), 3) AS avg_probability
         FROM churn_predictions GROUP BY trigger, risk_level ORDER BY trigger, risk_level"
  echo "Latest alerts:"
  query "SELECT detected_at, rule, severity, dedup_key, title FROM alerts FINAL ORDER BY detected_at DESC LIMIT 5"
done
