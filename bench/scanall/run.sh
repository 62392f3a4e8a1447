#!/usr/bin/env bash
# Scan-all benchmark (not a test, not in CI): see bench/scanall/README.md.
#
#   bench/scanall/run.sh
#
# Starts its own stack (bin/wharf up from a copy of the built server, its own WHARF_HOME and ports), imports
# the scanner's test vulnerability data, seeds BENCH_ARTIFACTS images sharing a few base layers, runs "scan all"
# through Harbor's API until it ends, checks sample reports, writes bench/scanall/results/latest.txt (and
# latest.json) and stops the stack. Settings (environment):
#   WHARF_HOME            default bench/scanall/target/home (emptied at each start)
#   WHARF_HTTP_PORT       default 23880 (WHARF_HTTPS_PORT 23843, registry 23900, redis 23979)
#   BENCH_ARTIFACTS 10000, BENCH_REPOS 100, BENCH_THREADS 6 (seeding)
#   BENCH_EAR             the EAR to run (default ear/target/wharf.ear; e.g. an older build to compare)
#   BENCH_WLP             the Liberty runtime (default ear/target/liberty/wlp)
#   BENCH_PROFILE=1       record JFR on Liberty during the scan (target/scanall.jfr) and print its hottest frames
#   BENCH_REUSE=1         use the stack already running at WHARF_HOME, already seeded; only scan
#   Any setting Wharf reads from its environment passes through (JOBSERVICE_WORKERS, SCAN_ALL_MAX_IN_FLIGHT, ...).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="$HERE/target"
export WHARF_HOME="${WHARF_HOME:-$TARGET/home}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-23880}" WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-23843}"
export WHARF_REGISTRY_PORT="${WHARF_REGISTRY_PORT:-23900}" WHARF_REDIS_PORT="${WHARF_REDIS_PORT:-23979}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
export WHARF_SKIP_BUILD=true
export BENCH_URL="http://127.0.0.1:$WHARF_HTTP_PORT" BENCH_ADMIN_PASSWORD="$WHARF_ADMIN_PASSWORD"
# Blobs go straight to the registry (Wharf's tokens are valid there); manifests through Wharf, which records them.
export BENCH_REGISTRY_URL="${BENCH_REGISTRY_URL:-http://127.0.0.1:$WHARF_REGISTRY_PORT}"
EAR="${BENCH_EAR:-$ROOT/ear/target/wharf.ear}"
WLP="${BENCH_WLP:-$ROOT/ear/target/liberty/wlp}"
RESULTS="$HERE/results"
STACK="$TARGET/stack"
WHARF="$STACK/bin/wharf"
mkdir -p "$RESULTS" "$TARGET"
[ -f "$EAR" ] || { echo "scanall: no EAR at $EAR (./mvnw -B -o -DskipTests package -pl ear -am)" >&2; exit 1; }
[ -x "$WLP/bin/server" ] || { echo "scanall: no Liberty runtime at $WLP" >&2; exit 1; }

if [ "${BENCH_REUSE:-0}" != "1" ]; then
  # The stack runs from a copy, so a rebuild of ear/target meanwhile cannot pull it away.
  rm -rf "$STACK" "$WHARF_HOME"
  mkdir -p "$STACK/bin" "$STACK/ear/target/liberty" "$STACK/src/main/liberty/config" "$WHARF_HOME"
  cp "$ROOT/bin/wharf" "$STACK/bin/"
  cp "$ROOT"/src/main/liberty/config/*.xml "$STACK/src/main/liberty/config/"
  cp "$EAR" "$STACK/ear/target/wharf.ear"
  if [ -d "$ROOT/ear/target/jdbc" ]; then cp -r "$ROOT/ear/target/jdbc" "$STACK/ear/target/"; else cp -r "$(dirname "$WLP")/../jdbc" "$STACK/ear/target/"; fi
  # The Liberty runtime too (kept between runs: 400 MB): a rebuild of the ear module replaces ear/target/liberty.
  if [ ! -x "$TARGET/wlp/bin/server" ] || [ "$(cat "$TARGET/wlp.from" 2>/dev/null)" != "$WLP" ]; then
    rm -rf "$TARGET/wlp" && cp -a "$WLP" "$TARGET/wlp" && echo "$WLP" >"$TARGET/wlp.from"
  fi
  ln -s "$TARGET/wlp" "$STACK/ear/target/liberty/wlp"
  trap '"$WHARF" down >/dev/null 2>&1 || true' EXIT
  "$WHARF" up
fi
LIBERTY_PID="$(cat "$WHARF_HOME/liberty/output/.pid/wharf.pid")"
export BENCH_LIBERTY_PID="$LIBERTY_PID" BENCH_REGISTRY_PID="$(cat "$WHARF_HOME/run/registry.pid")"
mkdir -p "$TARGET/classes"
javac -nowarn -d "$TARGET/classes" "$HERE/src/ScanAllBench.java"
bench() { java -Xmx512m -cp "$TARGET/classes" ScanAllBench "$@"; }

OUT="$RESULTS/latest.txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git -C "$ROOT" rev-parse --short HEAD) EAR $(basename "$EAR") built $(date -u -r "$EAR" +%H:%MZ)," \
    "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: BENCH_ARTIFACTS=${BENCH_ARTIFACTS:-10000} BENCH_REPOS=${BENCH_REPOS:-100} JOBSERVICE_WORKERS=${JOBSERVICE_WORKERS:-default}" \
    "SCAN_ALL_MAX_IN_FLIGHT=${SCAN_ALL_MAX_IN_FLIGHT:-default}"
  if [ "${BENCH_REUSE:-0}" != "1" ]; then
    data="$ROOT/scanner/src/test/resources/vulndata"
    t=$SECONDS
    "$WHARF" vulndb import "$data/alpine/v3.18" "$data/osv" "$data/osv-npm" "$data/debian/vuln-list-debian" "$data/nvd" | tail -6
    echo "vulnerability data imported in $((SECONDS - t)) s"
    bench seed
  fi
  sleep 5 # the seeding's pull/push bookkeeping settles
  if [ "${BENCH_PROFILE:-0}" = "1" ]; then
    jcmd "$LIBERTY_PID" JFR.start name=scanall settings=profile filename="$TARGET/scanall.jfr" >/dev/null
  fi
  rc=0
  BENCH_JSON="$RESULTS/latest.json" bench scan || rc=$?
  if [ "${BENCH_PROFILE:-0}" = "1" ]; then
    jcmd "$LIBERTY_PID" JFR.stop name=scanall >/dev/null || true
    echo "JFR recording: $TARGET/scanall.jfr"
    jfr print --stack-depth 96 --events jdk.ExecutionSample "$TARGET/scanall.jfr" | python3 "$HERE/jfr_summary.py"
  fi
  echo "Liberty log: $(grep -c ' E ' "$WHARF_HOME/liberty/output/wharf/logs/messages.log" || true) error lines"
  exit $rc
} 2>&1 | tee "$OUT"
exit "${PIPESTATUS[0]}"
