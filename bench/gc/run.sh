#!/usr/bin/env bash
# Garbage collection benchmark (not a test, not in CI): see bench/gc/README.md.
#
#   bench/gc/run.sh
#
# Starts its own stack (bin/wharf up with its own WHARF_HOME and ports), seeds it through the gateway,
# deletes half the artifacts, runs one garbage collection while pulls go on, prints the figures into
# bench/gc/results/latest.txt, and stops the stack. Settings (environment):
#   WHARF_HOME            default bench/gc/target/home (emptied at each start)
#   WHARF_HTTP_PORT       default 23680 (WHARF_HTTPS_PORT 23643, registry 23700, redis 23779)
#   BENCH_ARTIFACTS 10000, BENCH_BLOBS 2000, BENCH_REPOS 100, BENCH_THREADS 6, BENCH_PULLERS 4,
#   BENCH_BLOB_BYTES 16384 (blobs are 0.5 to 1.5 times this)
#   BENCH_REUSE=1         use the stack already running at WHARF_HOME; neither start nor stop it
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export WHARF_HOME="${WHARF_HOME:-$ROOT/bench/gc/target/home}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-23680}" WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-23643}"
export WHARF_REGISTRY_PORT="${WHARF_REGISTRY_PORT:-23700}" WHARF_REDIS_PORT="${WHARF_REDIS_PORT:-23779}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
export WHARF_GC_BLOB_WINDOW_SECONDS="${WHARF_GC_BLOB_WINDOW_SECONDS:-5}"
export WHARF_SKIP_BUILD="${WHARF_SKIP_BUILD:-true}"
export BENCH_URL="http://127.0.0.1:$WHARF_HTTP_PORT" BENCH_ADMIN_PASSWORD="$WHARF_ADMIN_PASSWORD"
export BENCH_REGISTRY_ROOT="$WHARF_HOME/registry"
mkdir -p "$ROOT/bench/gc/results"
if [ "${BENCH_REUSE:-0}" != "1" ]; then
  rm -rf "$WHARF_HOME"
  mkdir -p "$WHARF_HOME"
  bin/wharf up
  trap 'bin/wharf down >/dev/null 2>&1 || true' EXIT
fi
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git rev-parse --short HEAD) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  java "$ROOT/bench/gc/src/GcBench.java"
} 2>&1 | tee "$ROOT/bench/gc/results/latest.txt"
