# Shared by the scripts: project root, build-on-demand and the Java classpath of the CLIs.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${PLAYPULSE_RUN_DIR:-$ROOT/.run}

# Every script answers -h or --help with its header comment and does nothing else: some of them
# start services or run for hours on their defaults. (Sourced, this file sees the script's arguments.)
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"
  exit 0
fi

# Builds target/classes and target/classpath.txt when missing or older than the sources.
ensure_built() {
  local stamp=$ROOT/target/classpath.txt
  if [ ! -f "$stamp" ] || [ ! -f "$ROOT/target/test-classpath.txt" ] \
    || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$stamp" -print -quit)" ]; then
    echo "[build] compiling PlayPulse (mvn package, tests skipped)"
    (cd "$ROOT" && mvn -q -B -DskipTests package) || { echo "[build] failed" >&2; exit 1; }
    touch "$stamp"
  fi
}

# Replaces the calling (sub)shell with a main class of the project (Flink and every dependency on
# the classpath): call it last, or in ( ... ) or with &.
run_java() {
  local main=$1; shift
  exec java ${JAVA_OPTS:-} -Dlog4j.configurationFile="$ROOT/scripts/log4j2-cli.properties" \
    -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")" "$main" "$@"
}

# Builds a project that sits on the installed job (migration/ or trainer/): installs the job, then
# packages that project (tests skipped).
build_on_job() {
  echo "[build] installing the job and building $1/ (tests skipped)"
  (cd "$ROOT" && mvn -q -B -DskipTests install && mvn -q -B -DskipTests -f "$1/pom.xml" package) \
    || { echo "[build] failed" >&2; exit 1; }
}

# As run_java, for a main class of such a project; from the project root, where models/ and sql/ are.
run_java_on_job() {
  local project=$1 main=$2; shift 2
  cd "$ROOT"
  # Kryo's accessors (the savepoint writer) need java.lang open, as Flink's own launch scripts do.
  exec java ${JAVA_OPTS:-} --add-opens java.base/java.lang=ALL-UNNAMED \
    -Dlog4j.configurationFile="$ROOT/scripts/log4j2-cli.properties" \
    -cp "$ROOT/$project/target/classes:$(cat "$ROOT/$project/target/classpath.txt")" "$main" "$@"
}

# The local server's users (scripts/services.sh generates their passwords into $RUN/clickhouse):
# the administrator (ClickHouse's `default`, with a password) makes databases and schemas; the job
# writes as playpulse_writer, who may not (no DDL); playpulse_reader only reads.
local_password() { # role: admin, writer or reader
  local file=$RUN/clickhouse/$1.password
  [ -s "$file" ] || { echo "no $file: run scripts/services.sh start first" >&2; exit 1; }
  cat "$file"
}

# For a run of the job on this machine: the job's own credentials (CLICKHOUSE_USER/PASSWORD, read by
# each sink from its process's environment) and the administrator's password for the databases a
# tool makes (CLICKHOUSE_ADMIN_PASSWORD). A caller's own values win.
export_local_job_credentials() {
  # Plain assignments first: a missing password file then stops the script (export alone would not).
  [ -n "${CLICKHOUSE_USER:-}" ] || CLICKHOUSE_USER=playpulse_writer
  [ -n "${CLICKHOUSE_PASSWORD:-}" ] || CLICKHOUSE_PASSWORD=$(local_password writer)
  [ -n "${CLICKHOUSE_ADMIN_PASSWORD:-}" ] || CLICKHOUSE_ADMIN_PASSWORD=$(local_password admin)
  export CLICKHOUSE_USER CLICKHOUSE_PASSWORD CLICKHOUSE_ADMIN_PASSWORD
}
