#!/usr/bin/env bash
# Listing benchmark for large installations (not a test, not in CI): see bench/listing/README.md.
#
#   bench/listing/run.sh
#
# Starts its own stack (bin/wharf up, own WHARF_HOME and ports) so that the migrations make the
# schema, stops it, seeds the embedded Derby database with JDBC batch inserts (SeedListing.java),
# starts it again and measures the listings (ListingBench.java) and the token service (wrk), then
# stops the stack. Figures go to bench/listing/results/latest.txt. Settings (environment):
#   WHARF_HOME         default bench/listing/target/home (emptied at each start unless BENCH_REUSE=1)
#   WHARF_HTTP_PORT    default 28680 (WHARF_HTTPS_PORT 28643, registry 28700, redis 28779)
#   SEED_PROJECTS 20, SEED_REPOSITORIES 2000, SEED_ARTIFACTS 100000
#   BENCH_WARMUP 100, BENCH_REQUESTS 400, BENCH_CLIENTS 1 (per listing), BENCH_TOKEN_SECONDS 20
#   BENCH_REUSE=1      measure the stack already seeded and running at WHARF_HOME; neither seed, start nor stop it
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export WHARF_HOME="${WHARF_HOME:-$ROOT/bench/listing/target/home}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-28680}" WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-28643}"
export WHARF_REGISTRY_PORT="${WHARF_REGISTRY_PORT:-28700}" WHARF_REDIS_PORT="${WHARF_REDIS_PORT:-28779}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
export WHARF_SKIP_BUILD="${WHARF_SKIP_BUILD:-true}"
# The seeded records have no manifests in the registry: reconciliation at start would remove them.
export WHARF_RECONCILE_ON_START=false
export BENCH_URL="http://127.0.0.1:$WHARF_HTTP_PORT" BENCH_ADMIN_PASSWORD="$WHARF_ADMIN_PASSWORD"
OUT="$ROOT/bench/listing/results/latest.txt"
mkdir -p "$ROOT/bench/listing/results"
if [ "${BENCH_REUSE:-0}" != "1" ]; then
  rm -rf "$WHARF_HOME"
  mkdir -p "$WHARF_HOME"
  trap 'bin/wharf down >/dev/null 2>&1 || true' EXIT
  bin/wharf up
  bin/wharf down
  SEED_JDBC_URL="jdbc:derby:$WHARF_HOME/db" java -cp "$ROOT/ear/target/jdbc/*" "$ROOT/bench/listing/src/SeedListing.java"
  bin/wharf up
fi
token_rate() { # label url
  local basic line
  basic="Basic $(printf 'admin:%s' "$WHARF_ADMIN_PASSWORD" | base64 -w0)"
  # Warm-up, then the measured run; wrk prints one BENCH_JSON line (bench/lib/headers.lua).
  BENCH_AUTHORIZATION="$basic" wrk -t2 -c16 -d10s -s bench/lib/headers.lua "$2" >/dev/null
  line=$(BENCH_AUTHORIZATION="$basic" wrk -t2 -c16 -d"${BENCH_TOKEN_SECONDS:-20}s" --latency -s bench/lib/headers.lua "$2" | sed -n 's/^BENCH_JSON //p')
  python3 - "$1" "$line" <<'PY'
import json, sys
d = json.loads(sys.argv[2])
print("%-66s %8.1f %8.1f %8s %7.0f  non-2xx %d" % (sys.argv[1], d["p50_ms"], d["p99_ms"], "", d["rps"], d["non2xx"]))
PY
}
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git rev-parse --short HEAD) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  java "$ROOT/bench/listing/src/ListingBench.java"
  if command -v wrk >/dev/null; then
    token_rate "token GET, same grant (16 connections)" \
      "$BENCH_URL/service/token?service=wharf-registry&scope=repository:bench-p01/app-0001:pull"
  fi
  echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$OUT"
