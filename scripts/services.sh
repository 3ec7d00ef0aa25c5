#!/usr/bin/env bash
# The services PlayPulse's demo and tests need, on loopback only: a ClickHouse server and a
# single-node KRaft Kafka broker. Data, logs and PIDs live under .run/ (git ignores it).
#
#   scripts/services.sh start    install what is missing, start both, create the topics (idempotent)
#   scripts/services.sh stop     stop both by PID
#   scripts/services.sh start|stop clickhouse|kafka   one of them (outage tests restart them)
#   scripts/services.sh status   what runs, and where
#   scripts/services.sh topics   the job's topic names, as PlayPulseOptions declares their defaults
#   scripts/services.sh clean    stop both and delete their data
#
# Environment: CLICKHOUSE_HTTP_PORT (8123), CLICKHOUSE_TCP_PORT (9000), KAFKA_PORT (9092),
# KAFKA_CONTROLLER_PORT (9093), PLAYPULSE_PARTITIONS (4), PLAYPULSE_RUN_DIR (.run).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CH_HTTP_PORT=${CLICKHOUSE_HTTP_PORT:-8123}
CH_TCP_PORT=${CLICKHOUSE_TCP_PORT:-9000}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
PARTITIONS=${PLAYPULSE_PARTITIONS:-4}
OPTIONS_SOURCE=$ROOT/src/main/java/io/playpulse/config/PlayPulseOptions.java

# The job's three topics, read from where their names are declared once: the defaults of
# playpulse.kafka.{events,dead-letter,alerts}-topic in PlayPulseOptions (PlayPulseConfigTest checks this).
topic_names() {
  awk '/"kafka\.(events|dead-letter|alerts)-topic"/ { want = 1 }
       want && match($0, /defaultValue\("[^"]+"\)/) { print substr($0, RSTART + 14, RLENGTH - 16); want = 0 }' \
    "$OPTIONS_SOURCE"
}

CH_DIR=$RUN/clickhouse
KAFKA_DIR=$RUN/kafka

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
clickhouse_ping() { curl -sf "http://127.0.0.1:$CH_HTTP_PORT/ping" >/dev/null 2>&1; }

wait_for() { # description, seconds, command...
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_clickhouse() {
  command -v clickhouse-server >/dev/null && return
  log "installing Debian's clickhouse-server and clickhouse-client"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    clickhouse-server clickhouse-client >/dev/null
}

# users.xml with each local user's password hash: the administrator (ClickHouse's `default`), the
# job's writer (no DDL) and the read-only reader. Each password: CLICKHOUSE_{ADMIN,WRITER,READER}_PASSWORD,
# or one generated once into .run/clickhouse/{admin,writer,reader}.password (mode 600), where the
# demo, the tools and the tests read it. No user has an empty password.
write_users() {
  local role password_file password variable sed_args=()
  for role in admin writer reader; do
    password_file=$CH_DIR/$role.password
    variable=CLICKHOUSE_${role^^}_PASSWORD
    if [ -n "${!variable:-}" ]; then
      printf '%s' "${!variable}" >"$password_file"
    elif [ ! -s "$password_file" ]; then
      head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$password_file"
    fi
    chmod 600 "$password_file"
    # Readers strip surrounding whitespace from the file, so the hash does too.
    password=$(cat "$password_file")
    password=${password#"${password%%[![:space:]]*}"}
    password=${password%"${password##*[![:space:]]}"}
    sed_args+=(-e "s|@${role^^}_PASSWORD_SHA256@|$(printf '%s' "$password" | sha256sum | cut -d' ' -f1)|")
  done
  # Written aside and moved: ClickHouse may be reading users.xml to reload it.
  sed "${sed_args[@]}" "$ROOT/scripts/clickhouse/users.xml" >"$CH_DIR/etc/users.xml.new"
  mv "$CH_DIR/etc/users.xml.new" "$CH_DIR/etc/users.xml"
}

start_clickhouse() {
  if alive "$CH_DIR/pid" && clickhouse_ping; then
    write_users # ClickHouse reloads users.xml when it changes
    log "ClickHouse already running (pid $(cat "$CH_DIR/pid"), http 127.0.0.1:$CH_HTTP_PORT)"
    return
  fi
  clickhouse_ping && die "something else answers on 127.0.0.1:$CH_HTTP_PORT; stop it or set CLICKHOUSE_HTTP_PORT"
  install_clickhouse
  mkdir -p "$CH_DIR"/{etc,data,tmp,log,user_files,format_schemas}
  sed -e "s|@DATA@|$CH_DIR|g" -e "s|@HTTP_PORT@|$CH_HTTP_PORT|g" -e "s|@TCP_PORT@|$CH_TCP_PORT|g" \
    "$ROOT/scripts/clickhouse/config.xml" >"$CH_DIR/etc/config.xml"
  write_users
  log "starting ClickHouse (http 127.0.0.1:$CH_HTTP_PORT, data $CH_DIR)"
  nohup clickhouse-server --config-file="$CH_DIR/etc/config.xml" >"$CH_DIR/log/stdout.log" 2>&1 &
  echo $! >"$CH_DIR/pid"
  wait_for "ClickHouse" 60 clickhouse_ping || die "ClickHouse did not answer within 60 s; see $CH_DIR/log/"
  # The password goes to curl on stdin (-K -), not on its command line, where ps would show it.
  log "ClickHouse ready: $(printf 'user = "default:%s"\n' "$(cat "$CH_DIR/admin.password")" \
    | curl -sf -K - "http://127.0.0.1:$CH_HTTP_PORT/" --data-binary 'SELECT version()')"
}

kafka_classpath() {
  local cp_file=$KAFKA_DIR/classpath.txt
  if [ ! -s "$cp_file" ] || [ "$ROOT/scripts/kafka/pom.xml" -nt "$cp_file" ]; then
    mkdir -p "$KAFKA_DIR"
    log "resolving the Kafka broker's classpath from Maven Central" >&2
    mvn -q -B -f "$ROOT/scripts/kafka/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" >"$KAFKA_DIR/resolve.log" 2>&1 \
      || die "could not resolve the Kafka classpath; see $KAFKA_DIR/resolve.log"
  fi
  cat "$cp_file"
}

kafka_java() { # main class and args, run with the broker's classpath
  java -Xmx256m -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" \
    -Dkafka.logs.dir="$KAFKA_DIR/log" -cp "$CP" "$@"
}

start_kafka() {
  if alive "$KAFKA_DIR/pid" && port_open "$KAFKA_PORT"; then
    log "Kafka already running (pid $(cat "$KAFKA_DIR/pid"), 127.0.0.1:$KAFKA_PORT)"
    create_topics
    return
  fi
  port_open "$KAFKA_PORT" && die "something else listens on 127.0.0.1:$KAFKA_PORT; stop it or set KAFKA_PORT"
  CP=$(kafka_classpath)
  mkdir -p "$KAFKA_DIR"/{data,log}
  sed -e "s|@DATA@|$KAFKA_DIR/data|g" -e "s|@PORT@|$KAFKA_PORT|g" \
    -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    "$ROOT/scripts/kafka/server.properties" >"$KAFKA_DIR/server.properties"
  if [ ! -f "$KAFKA_DIR/data/logs/meta.properties" ]; then
    local cluster_id
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid) || die "could not create a cluster id"
    log "formatting Kafka storage (cluster $cluster_id)"
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
      >"$KAFKA_DIR/log/format.log" 2>&1 || die "formatting failed; see $KAFKA_DIR/log/format.log"
  fi
  log "starting Kafka (127.0.0.1:$KAFKA_PORT, data $KAFKA_DIR)"
  nohup java -Xms256m -Xmx768m -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" -Dkafka.logs.dir="$KAFKA_DIR/log" \
    -cp "$CP" kafka.Kafka "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/log/stdout.log" 2>&1 &
  echo $! >"$KAFKA_DIR/pid"
  wait_for "Kafka" 90 port_open "$KAFKA_PORT" || die "Kafka did not listen within 90 s; see $KAFKA_DIR/log/"
  log "Kafka ready"
  create_topics
}

create_topics() {
  CP=${CP:-$(kafka_classpath)}
  local topic topics
  topics=$(topic_names)
  [ "$(wc -w <<<"$topics")" = 3 ] || die "could not read the three topic names from $OPTIONS_SOURCE"
  for topic in $topics; do
    kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
      --create --if-not-exists --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 \
      >>"$KAFKA_DIR/log/topics.log" 2>&1 || die "could not create topic $topic; see $KAFKA_DIR/log/topics.log"
  done
  log "topics ready: $(echo $topics) ($PARTITIONS partitions each when created here)"
}

stop_one() { # name, pid file
  local name=$1 pid_file=$2
  if ! alive "$pid_file"; then
    rm -f "$pid_file"
    log "$name not running"
    return
  fi
  local pid
  pid=$(cat "$pid_file")
  kill "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$pid_file"
  log "$name stopped"
}

status() {
  if alive "$CH_DIR/pid" && clickhouse_ping; then
    log "ClickHouse running: pid $(cat "$CH_DIR/pid"), http://127.0.0.1:$CH_HTTP_PORT, native 127.0.0.1:$CH_TCP_PORT"
  else
    log "ClickHouse not running"
  fi
  if alive "$KAFKA_DIR/pid" && port_open "$KAFKA_PORT"; then
    log "Kafka running: pid $(cat "$KAFKA_DIR/pid"), bootstrap 127.0.0.1:$KAFKA_PORT"
  else
    log "Kafka not running"
  fi
}

# An optional second argument names one service, e.g. for outage tests: scripts/services.sh stop clickhouse
service=${2:-all}
case "$service" in all|clickhouse|kafka) ;; *) echo "unknown service: $service (clickhouse or kafka)" >&2; exit 2 ;; esac
wants() { [ "$service" = all ] || [ "$service" = "$1" ]; }

case "${1:-}" in
  start) wants clickhouse && start_clickhouse; wants kafka && start_kafka; true ;;
  stop) wants kafka && stop_one Kafka "$KAFKA_DIR/pid"; wants clickhouse && stop_one ClickHouse "$CH_DIR/pid"; true ;;
  status) status ;;
  topics) topic_names ;;
  clean) stop_one Kafka "$KAFKA_DIR/pid"; stop_one ClickHouse "$CH_DIR/pid"; rm -rf "$CH_DIR" "$KAFKA_DIR"; log "data deleted" ;;
  *) echo "usage: $0 start|stop [clickhouse|kafka] | status | topics | clean" >&2; exit 2 ;;
esac
