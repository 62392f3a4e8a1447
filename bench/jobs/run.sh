#!/usr/bin/env bash
# Wharf's job-service benchmark (not a test): see bench/jobs/README.md.
#
#   bench/jobs/run.sh
#
# Builds what is missing, starts its own stack (bin/wharf up with its own WHARF_HOME and ports,
# SAMPLE jobs on, 4 workers), then in order, one at a time:
#   1. bare Redisson: 10,000 ids pushed into a fresh queue of its own on the stack's Redis and popped
#      by 4 threads (then again with the lease SET NX + DEL per id); the keys are deleted after;
#   2. Wharf: 10,000 SAMPLE jobs (sleep_ms 0) submitted by 16 concurrent clients, waited for
#      (bounded), every id verified with a GET; meanwhile a JFR recording and a thread dump a
#      second of Liberty show where the time goes;
# writes bench/jobs/results/latest.md and latest.json, prints the table, and stops the stack.
# Everything talks to 127.0.0.1 only. Settings (environment):
#   WHARF_HOME            default /tmp/wharf-jobbench (emptied of jobs at each start when this
#                         script created it)
#   WHARF_HTTP_PORT       default 28180 (WHARF_HTTPS_PORT 28543)
#   WHARF_ADMIN_PASSWORD  default Bench12345
#   JOBSERVICE_WORKERS    default 4
#   BENCH_JOBS            default 10000        BENCH_SUBMITTERS  default 16
#   BENCH_WARMUP          jobs per warm-up round, default 5000 (rounds for at least 150 s, then until two agree
#                         within 5 %, at most 400 s)
#   BENCH_TIMEOUT         default 600 s (waiting for the jobs)
#   BENCH_VERIFY_TIMEOUT  default 300 s (reading every job back)
#   BENCH_TARGET          default 500 jobs/s
#   BENCH_PROFILE         1 (default): record JFR and a thread dump a second of Liberty during the
#                         Wharf run (through the attach API; a few per cent at most); 0: do not
#   BENCH_STATS_INTERVAL_MS  how often GET /api/v1/stats is polled while waiting, default 5000
#   BENCH_REUSE=1         use the stack already running at WHARF_HOME; neither start nor stop it
#                         (it must run with JOBSERVICE_SAMPLE_JOBS=true)
#   BENCH_BUILD           auto (default: build the EAR only when it is missing; one older than the
#                         sources is benchmarked as built, with a note), 1 (also rebuild a stale
#                         EAR), 0 (never build)
#   WHARF_DB_TYPE=postgresql and WHARF_DB_HOST/PORT/NAME/USER/PASSWORD (as bin/wharf takes them):
#                         run on an existing PostgreSQL database instead of embedded Derby (give
#                         it an empty database: this script does not empty it)
#   BENCH_QUIET_WAIT      seconds to wait at most before each measurement for other work on the
#                         machine to drop under 30% of a core (default 60); what remains is reported
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="$HERE/target"
RESULTS="$HERE/results"

export WHARF_HOME="${WHARF_HOME:-/tmp/wharf-jobbench}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-28180}"
export WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-28543}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
export JOBSERVICE_SAMPLE_JOBS=true
export JOBSERVICE_WORKERS="${JOBSERVICE_WORKERS:-4}"
BENCH_JOBS="${BENCH_JOBS:-10000}"
BENCH_SUBMITTERS="${BENCH_SUBMITTERS:-16}"
BENCH_WARMUP="${BENCH_WARMUP:-5000}"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-600}"
BENCH_VERIFY_TIMEOUT="${BENCH_VERIFY_TIMEOUT:-300}"
BENCH_TARGET="${BENCH_TARGET:-500}"
BENCH_PROFILE="${BENCH_PROFILE:-1}"
BENCH_STATS_INTERVAL_MS="${BENCH_STATS_INTERVAL_MS:-5000}"
BENCH_REUSE="${BENCH_REUSE:-0}"
BENCH_BUILD="${BENCH_BUILD:-auto}"
BENCH_QUIET_WAIT="${BENCH_QUIET_WAIT:-60}"

say() { printf 'jobbench: %s\n' "$*" >&2; }
die() { printf 'jobbench: %s\n' "$*" >&2; exit 1; }

T0=$SECONDS
WORK=""
STARTED=0
WHARF_CMD="$ROOT/bin/wharf"
LIBERTY_PID_FILE="$WHARF_HOME/liberty/output/.pid/wharf.pid"

cleanup() {
  local rc=$?
  set +e
  if [ "$STARTED" = 1 ]; then
    say "stopping the stack it started"
    "$WHARF_CMD" down >&2
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then rm -rf "$WORK"; fi
  if [ $rc -ne 0 ]; then
    say "failed (exit $rc); Liberty log: $WHARF_HOME/liberty/output/wharf/logs/messages.log"
  fi
  say "total run time $((SECONDS - T0)) s"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in java javac curl; do command -v "$tool" >/dev/null || die "missing $tool (a JDK 17 and curl)"; done

stack_running() {
  local f
  for f in "$WHARF_HOME/run/redis.pid" "$WHARF_HOME/run/registry.pid" "$LIBERTY_PID_FILE"; do
    [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && return 0
  done
  return 1
}

ear_is_stale() {
  local ear="$ROOT/ear/target/wharf.ear"
  [ -f "$ear" ] && [ -x "$ROOT/ear/target/liberty/wlp/bin/server" ] && [ -d "$ROOT/ear/target/wharf/lib" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src "$ROOT/src/main/liberty" -newer "$ear" -type f -print -quit 2>/dev/null)" ]
}

# --- build ---------------------------------------------------------------------------------------
# Other work on this machine builds and tests from the same tree: by default the EAR is built only
# when it is missing, and an EAR older than the sources is benchmarked as built (its build time is
# in the report). BENCH_BUILD=1 rebuilds it when stale, BENCH_BUILD=0 never builds.
ear_missing() { [ ! -f "$ROOT/ear/target/wharf.ear" ] || [ ! -x "$ROOT/ear/target/liberty/wlp/bin/server" ] || [ ! -d "$ROOT/ear/target/wharf/lib" ]; }
if { [ "$BENCH_BUILD" = auto ] && ear_missing; } || { [ "$BENCH_BUILD" = 1 ] && ear_is_stale; }; then
  say "building the EAR (./mvnw -B -q -o -DskipTests package -pl ear -am)"
  (cd "$ROOT" && ./mvnw -B -q -o -DskipTests package -pl ear -am) || die "build failed"
fi
ear_missing && die "no EAR built at $ROOT/ear/target (BENCH_BUILD=0)"
EAR_NOTE=""
if ear_is_stale; then
  EAR_NOTE=" (older than the sources: other work was editing them)"
  say "note: sources are newer than the EAR; benchmarking the EAR as built (BENCH_BUILD=1 rebuilds it)"
fi

# The client's class path: Redisson and its dependencies from the exploded EAR, JSON-P (Parsson)
# from the local Maven repository. Copied, so a rebuild of ear/target cannot pull them away.
JSONP_API="$HOME/.m2/repository/jakarta/json/jakarta.json-api/2.1.3/jakarta.json-api-2.1.3.jar"
PARSSON="$HOME/.m2/repository/org/eclipse/parsson/parsson/1.1.9/parsson-1.1.9.jar"
if [ ! -f "$JSONP_API" ] || [ ! -f "$PARSSON" ]; then
  say "fetching jakarta.json-api 2.1.3 and parsson 1.1.9 into the local Maven repository"
  (cd "$ROOT" && ./mvnw -B -q dependency:get -Dartifact=jakarta.json:jakarta.json-api:2.1.3 &&
    ./mvnw -B -q dependency:get -Dartifact=org.eclipse.parsson:parsson:1.1.9) || die "cannot get JSON-P"
fi
mkdir -p "$TARGET/lib" "$TARGET/classes"
if [ -z "$(ls "$TARGET"/lib/org.redisson-redisson-*.jar 2>/dev/null)" ] ||
   [ -n "$(find "$ROOT/ear/target/wharf/lib" -name 'org.redisson-*.jar' -newer "$TARGET/lib/.copied" 2>/dev/null | head -1)" ] ||
   [ ! -f "$TARGET/lib/.copied" ]; then
  rm -f "$TARGET"/lib/*.jar
  cp "$ROOT"/ear/target/wharf/lib/*.jar "$TARGET/lib/"
  rm -f "$TARGET"/lib/io.wharf-*.jar
  cp "$JSONP_API" "$PARSSON" "$TARGET/lib/"
  touch "$TARGET/lib/.copied"
fi
ATTACH=(--add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED)
if [ ! -f "$TARGET/classes/JobBench.class" ] || [ -n "$(find "$HERE/src" -newer "$TARGET/classes/JobBench.class" -type f | head -1)" ]; then
  say "compiling bench/jobs/src"
  rm -rf "$TARGET/classes" && mkdir -p "$TARGET/classes"
  javac -nowarn -Xlint:none "${ATTACH[@]}" -d "$TARGET/classes" -cp "$TARGET/lib/*" "$HERE"/src/*.java
fi
bench() { # the client JVM; Redisson's slf4j (no binding) would print three lines of noise
  java -Xmx512m -XX:+UseSerialGC "${ATTACH[@]}" -cp "$TARGET/classes:$TARGET/lib/*" JobBench "$@" \
    2> >(grep -v '^SLF4J:' >&2)
}

# --- stack ---------------------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wharf-jobbench-work.XXXXXX")"
RAW="$WORK/raw"
ENV_DIR="$WORK/env"
mkdir -p "$RAW" "$ENV_DIR" "$RESULTS"
if [ "$BENCH_REUSE" = 1 ]; then
  stack_running || die "BENCH_REUSE=1 but nothing runs at WHARF_HOME=$WHARF_HOME"
  say "reusing the stack at $WHARF_HOME"
else
  stack_running && die "a stack already runs at WHARF_HOME=$WHARF_HOME: stop it (bin/wharf down) or set BENCH_REUSE=1"
  # A WHARF_HOME this script creates is its own: each run starts with no jobs, queue or job logs.
  if [ ! -e "$WHARF_HOME" ]; then mkdir -p "$WHARF_HOME"; touch "$WHARF_HOME/.wharf-jobbench"; fi
  if [ -f "$WHARF_HOME/.wharf-jobbench" ]; then rm -rf "$WHARF_HOME/db" "$WHARF_HOME/redis" "$WHARF_HOME/joblogs" "$WHARF_HOME/registry"; fi
  # The stack runs from a copy of the built server, so a rebuild or clean of ear/target meanwhile
  # (other work on this machine) cannot pull the runtime from under it.
  say "copying the built server to $WORK/stack"
  mkdir -p "$WORK/stack/bin" "$WORK/stack/ear/target/liberty" "$WORK/stack/src/main/liberty/config"
  cp "$ROOT/bin/wharf" "$WORK/stack/bin/wharf"
  cp "$ROOT"/src/main/liberty/config/*.xml "$WORK/stack/src/main/liberty/config/"
  cp -a "$ROOT/ear/target/wharf.ear" "$ROOT/ear/target/jdbc" "$WORK/stack/ear/target/"
  echo "$(date -u -r "$WORK/stack/ear/target/wharf.ear" '+%Y-%m-%d %H:%M UTC')$EAR_NOTE" >"$ENV_DIR/ear"
  cp -a "$ROOT/ear/target/liberty/wlp" "$WORK/stack/ear/target/liberty/"
  touch "$WORK/stack/ear/target/wharf.ear" # the copy is what runs: bin/wharf must not rebuild it
  WHARF_CMD="$WORK/stack/bin/wharf"
  say "starting the stack at $WHARF_HOME (http://127.0.0.1:$WHARF_HTTP_PORT, $JOBSERVICE_WORKERS workers)"
  STARTED=1
  "$WHARF_CMD" up >&2
fi
LIBERTY_PID="$(cat "$LIBERTY_PID_FILE")"
REDIS_PID="$(cat "$WHARF_HOME/run/redis.pid")"
REDIS_PORT="$(cat "$WHARF_HOME/run/redis.port")"
URL="http://127.0.0.1:$WHARF_HTTP_PORT"
SECRET_FILE="$WHARF_HOME/secret/internal.secret"
say "Liberty pid $LIBERTY_PID, Redis pid $REDIS_PID on port $REDIS_PORT"
code=$(curl -s -o "$WORK/stats.json" -w '%{http_code}' -H "Authorization: Harbor-Secret $(cat "$SECRET_FILE")" "$URL/api/v1/stats" || true)
[ "$code" = 200 ] || die "GET /api/v1/stats answered $code: $(cat "$WORK/stats.json" 2>/dev/null)"

# --- environment ---------------------------------------------------------------------------------
CLK_TCK="$(getconf CLK_TCK)"
date -u '+%Y-%m-%d %H:%M UTC' >"$ENV_DIR/date"
nproc >"$ENV_DIR/cores"
if [ "${WHARF_DB_TYPE:-derby}" = postgresql ]; then
  echo "PostgreSQL $(psql --version 2>/dev/null | awk '{print $3}') at ${WHARF_DB_HOST:-127.0.0.1}:${WHARF_DB_PORT:-5432} (database ${WHARF_DB_NAME:-wharf})" >"$ENV_DIR/db"
else
  echo "embedded Derby" >"$ENV_DIR/db"
fi
{ lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1; } >"$ENV_DIR/cpu" || true
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- . ':!bench' 2>/dev/null)" ]; then commit="$commit (with uncommitted changes)"; fi
echo "$commit" >"$ENV_DIR/commit"
[ -f "$ENV_DIR/ear" ] || echo "$(date -u -r "$ROOT/ear/target/wharf.ear" '+%Y-%m-%d %H:%M UTC')$EAR_NOTE" >"$ENV_DIR/ear"
uptime | sed 's/.*load average: //' >"$ENV_DIR/uptime-before"
top -bn1 -o %CPU 2>/dev/null | sed -n '7,14p' | cut -c1-150 >"$ENV_DIR/top-before" || true

wait_quiet() { # bounded: a busy machine is reported with the figures, not waited out forever
  local out
  out="$(bench quiet --max-wait-s "$BENCH_QUIET_WAIT" --clk-tck "$CLK_TCK" --pids "$LIBERTY_PID,$REDIS_PID")"
  say "other load on the machine: ${out%% *}% of a core (waited ${out#* } s)"
}

# --- measure -------------------------------------------------------------------------------------
wait_quiet
say "1/2 bare Redisson queue, $BENCH_JOBS ids, $JOBSERVICE_WORKERS poppers"
bench redisson --redis-port "$REDIS_PORT" --redis-pid "$REDIS_PID" --clk-tck "$CLK_TCK" \
  --jobs "$BENCH_JOBS" --workers "$JOBSERVICE_WORKERS" --pushers "$BENCH_SUBMITTERS" --out "$RAW/bare.json"

wait_quiet
say "2/2 Wharf, $BENCH_JOBS SAMPLE jobs, $BENCH_SUBMITTERS submitters$([ "$BENCH_PROFILE" = 1 ] && echo ', profiled')"
PROFILE_ARGS=()
if [ "$BENCH_PROFILE" = 1 ]; then rm -rf "$TARGET/profile"; PROFILE_ARGS=(--profile-dir "$TARGET/profile"); fi
rc=0
bench wharf --url "$URL" --secret-file "$SECRET_FILE" --redis-port "$REDIS_PORT" --jobs "$BENCH_JOBS" \
  --submitters "$BENCH_SUBMITTERS" --workers "$JOBSERVICE_WORKERS" --warmup "$BENCH_WARMUP" --timeout-s "$BENCH_TIMEOUT" \
  --verify-timeout-s "$BENCH_VERIFY_TIMEOUT" --stats-interval-ms "$BENCH_STATS_INTERVAL_MS" --liberty-pid "$LIBERTY_PID" --redis-pid "$REDIS_PID" --clk-tck "$CLK_TCK" \
  "${PROFILE_ARGS[@]}" --out "$RAW/wharf.json" || rc=$?
[ -f "$RAW/wharf.json" ] || die "the Wharf run wrote no result"
[ $rc -eq 0 ] || say "the Wharf run reported lost, failed or unfinished jobs (see the report)"

# What the database refused during the run, from Liberty's log (this server's life only: Liberty
# starts a new messages.log at each start): deadlocks (one victim each), lock-wait timeouts, and
# which statements were chosen as victims.
MESSAGES="$WHARF_HOME/liberty/output/wharf/logs/messages.log"
if [ -f "$MESSAGES" ]; then
  {
    printf '%s deadlocks, %s lock-wait timeouts' \
      "$(grep -o 'The selected victim is XID : [0-9]*' "$MESSAGES" | sort -u | wc -l)" \
      "$(grep -A1 'CWWJP9991W' "$MESSAGES" | grep -c 'within the time requested' || true)"
    victims="$(awk '/CWWJP9991W/{f=1} f&&/^Call: /{sub(/^Call: /,""); print substr($0,1,40); f=0}' "$MESSAGES" |
      sed -e 's/^UPDATE job_record SET STATUS.*/status UPDATE (claim or finish)/' -e 's/^UPDATE job_record SET update_time.*/stale-Pending touch UPDATE/' \
          -e 's/^SELECT NAME, STATUS, COUNT.*/stats GROUP BY/' -e 's/^SELECT ID, .*/SELECT of job rows/' |
      sort | uniq -c | sort -rn | awk '{c=$1; $1=""; printf "%s%s%s", (NR>1?", ":""), c, $0}')"
    [ -n "$victims" ] && printf ' (failed statements: %s)' "$victims"
    echo
  } >"$ENV_DIR/derby-errors" || true
fi
uptime | sed 's/.*load average: //' >"$ENV_DIR/uptime-after"
echo "$((SECONDS - T0 + 15))" >"$ENV_DIR/run-seconds" # + about 15 s to stop the stack
bench report --bare "$RAW/bare.json" --wharf "$RAW/wharf.json" --env-dir "$ENV_DIR" \
  --target "$BENCH_TARGET" --md "$RESULTS/latest.md" --json "$RESULTS/latest.json"
say "wrote $RESULTS/latest.md and $RESULTS/latest.json ($((SECONDS - T0)) s so far)"
