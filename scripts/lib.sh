# Shared by the scripts: project root, build-on-demand and the Java classpath of the CLIs.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${PLAYPULSE_RUN_DIR:-$ROOT/.run}

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
