#!/usr/bin/env bash
# Proxy cache benchmark (not a test, not in CI): see bench/proxy/README.md.
#
#   bench/proxy/run.sh
#
# Starts its own stack and an upstream docker-registry on loopback, then times, with skopeo:
#   miss:   a first pull through a proxy cache project   vs   direct: the same pull from the upstream
#   hit:    a second pull through the proxy project      vs   local:  a pull of an image pushed to an ordinary project
# Each image is fresh (a new random layer, so a miss really is one). Settings (environment):
#   BENCH_SIZE_MIB 1024, BENCH_ROUNDS 3
#   BENCH_WARMUP_MIB 64   an untimed miss, hit and direct pull of an image this large first, so that
#                         round 1 times a server that has run its miss path before (0: none)
#   WHARF_HOME            default bench/proxy/target/home (emptied at each start)
#   WHARF_HTTP_PORT       default 24080 (WHARF_HTTPS_PORT 24443, registry 24500, redis 24379, upstream 24600)
#   BENCH_REUSE=1         use the stack already running at WHARF_HOME; neither start nor stop it
#   BENCH_PROFILE=1       record a JFR of Liberty over the rounds (bench/proxy/target/proxy.jfr)
# Every timed pull starts after a sync (one pull's writes are not flushed during the next) and is
# measured by bench/lib/measure.py: wall time and the CPU seconds of skopeo, Liberty, Wharf's
# registry and the upstream registry meanwhile (raw lines: bench/proxy/target/raw.jsonl).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export WHARF_HOME="${WHARF_HOME:-$ROOT/bench/proxy/target/home}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-24080}" WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-24443}"
export WHARF_REGISTRY_PORT="${WHARF_REGISTRY_PORT:-24500}" WHARF_REDIS_PORT="${WHARF_REDIS_PORT:-24379}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
export WHARF_SKIP_BUILD="${WHARF_SKIP_BUILD:-true}"
UPSTREAM_PORT="${BENCH_UPSTREAM_PORT:-24600}"
SIZE_MIB="${BENCH_SIZE_MIB:-1024}"
ROUNDS="${BENCH_ROUNDS:-3}"
WHARF="127.0.0.1:$WHARF_HTTP_PORT"
UP="127.0.0.1:$UPSTREAM_PORT"
ADMIN="admin:$WHARF_ADMIN_PASSWORD"
WORK="$ROOT/bench/proxy/target/work"
RAW="$ROOT/bench/proxy/target/raw.jsonl"
RESULTS="$ROOT/bench/proxy/results"
mkdir -p "$RESULTS"
rm -rf "$WORK" && mkdir -p "$WORK/upstream/data"
rm -f "$RAW"

cleanup() {
  [ -n "${UPSTREAM_PID:-}" ] && kill "$UPSTREAM_PID" 2>/dev/null || true
  if [ "${BENCH_REUSE:-0}" != "1" ]; then bin/wharf down >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/upstream/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $WORK/upstream/data
http:
  addr: $UP
YML
docker-registry serve "$WORK/upstream/config.yml" > "$WORK/upstream/registry.log" 2>&1 &
UPSTREAM_PID=$!

if [ "${BENCH_REUSE:-0}" != "1" ]; then
  rm -rf "$WHARF_HOME"
  mkdir -p "$WHARF_HOME"
  bin/wharf up
fi
until curl -fsS "http://$UP/v2/" >/dev/null; do sleep 0.2; done

api() { curl -fsS -u "$ADMIN" -H 'Content-Type: application/json' "$@"; }
ENDPOINT=$(api -D - -o /dev/null -X POST "http://$WHARF/api/v2.0/registries" \
  -d "{\"name\":\"bench-upstream-$$\",\"type\":\"docker-registry\",\"url\":\"http://$UP\"}" | tr -d '\r' | sed -n 's#^Location: .*/##Ip')
api -X POST "http://$WHARF/api/v2.0/projects" -d "{\"project_name\":\"benchproxy$$\",\"registry_id\":$ENDPOINT}"
api -X POST "http://$WHARF/api/v2.0/projects" -d "{\"project_name\":\"benchlocal$$\"}"

LIBERTY_PID=$(cat "$WHARF_HOME/liberty/output/.pid/wharf.pid")
REGISTRY_PID=$(cat "$WHARF_HOME/run/registry.pid")
PIDS=(--pid "liberty=$LIBERTY_PID" --pid "registry=$REGISTRY_PID" --pid "upstream=$UPSTREAM_PID")
# timed LABEL ROUND command...: runs the command measured (after a sync), prints its wall seconds
timed() {
  local label="$1" round="$2"; shift 2
  # the store after a miss is measured as it runs: no sync before it
  if [ "$label" != stored ]; then rm -rf "$WORK/out"; sync; fi
  # "pull ARGS": skopeo copy ARGS to a fresh OCI layout (measure.py runs a program, not a function)
  if [ "$1" = pull ]; then shift; set -- skopeo copy -q --src-tls-verify=false "$@" "oci:$WORK/out:x"; fi
  python3 bench/lib/measure.py --label "$label" --out "$RAW" --meta "round=$round" "${PIDS[@]}" -- "$@" >/dev/null
  tail -n 1 "$RAW" | jq -r .wall_s
}
stored() {
  timed stored "$1" bash -c "for _ in \$(seq 1 480); do curl -fsS -o /dev/null -u '$ADMIN' \
    'http://$WHARF/api/v2.0/projects/benchproxy$$/repositories/bench%252Fbig/artifacts/$1' && exit 0; sleep 0.25; done; exit 1" >/dev/null
}
if [ "${BENCH_PROFILE:-0}" = "1" ]; then
  jcmd "$LIBERTY_PID" JFR.start name=proxybench settings=profile >/dev/null
fi

# Warm-up, not timed: a long-running server has compiled its miss path long before; a fresh one
# would otherwise pay the JIT compiler's work for it (about 1 CPU-s) inside round 1's miss.
WARMUP_MIB="${BENCH_WARMUP_MIB:-64}"
if [ "$WARMUP_MIB" -gt 0 ]; then
  python3 bench/lib/mkimage.py "$WORK/warm" $((WARMUP_MIB * 1048576)) v1 >/dev/null
  skopeo copy -q --preserve-digests --dest-tls-verify=false "oci:$WORK/warm:v1" "docker://$UP/bench/warm:1"
  for from in "docker://$WHARF/benchproxy$$/bench/warm:1" "docker://$WHARF/benchproxy$$/bench/warm:1" "docker://$UP/bench/warm:1"; do
    rm -rf "$WORK/out"
    skopeo copy -q --src-tls-verify=false --src-creds "$ADMIN" "$from" "oci:$WORK/out:x"
    # the second pull through the proxy is a hit once the first one's copy is stored
    curl -fsS -o /dev/null 2>/dev/null --retry 40 --retry-delay 1 --retry-all-errors -u "$ADMIN" \
      "http://$WHARF/api/v2.0/projects/benchproxy$$/repositories/bench%252Fwarm/artifacts/1"
  done
  rm -rf "$WORK/warm" "$WORK/out"
fi

declare -a DIRECT MISS HIT LOCAL
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/img"
  python3 bench/lib/mkimage.py "$WORK/img" $((SIZE_MIB * 1048576)) v1 >/dev/null
  skopeo copy -q --preserve-digests --dest-tls-verify=false "oci:$WORK/img:v1" "docker://$UP/bench/big:$i"
  skopeo copy -q --preserve-digests --dest-tls-verify=false --dest-creds "$ADMIN" "oci:$WORK/img:v1" "docker://$WHARF/benchlocal$$/bench/big:$i"
  # The two first pulls take turns going first, so that the page cache favours neither. The
  # cached copy is stored after the miss's client has its bytes: that is waited for (and measured
  # as "stored") before anything else is timed, so it slows neither the direct pull nor the hit.
  if [ $((i % 2)) = 1 ]; then
    DIRECT+=("$(timed direct "$i" pull --src-no-creds "docker://$UP/bench/big:$i")")
    MISS+=("$(timed miss "$i" pull --src-creds "$ADMIN" "docker://$WHARF/benchproxy$$/bench/big:$i")")
    stored "$i"
  else
    MISS+=("$(timed miss "$i" pull --src-creds "$ADMIN" "docker://$WHARF/benchproxy$$/bench/big:$i")")
    stored "$i"
    DIRECT+=("$(timed direct "$i" pull --src-no-creds "docker://$UP/bench/big:$i")")
  fi
  if [ $((i % 2)) = 1 ]; then
    HIT+=("$(timed hit "$i" pull --src-creds "$ADMIN" "docker://$WHARF/benchproxy$$/bench/big:$i")")
    LOCAL+=("$(timed local "$i" pull --src-creds "$ADMIN" "docker://$WHARF/benchlocal$$/bench/big:$i")")
  else
    LOCAL+=("$(timed local "$i" pull --src-creds "$ADMIN" "docker://$WHARF/benchlocal$$/bench/big:$i")")
    HIT+=("$(timed hit "$i" pull --src-creds "$ADMIN" "docker://$WHARF/benchproxy$$/bench/big:$i")")
  fi
done
if [ "${BENCH_PROFILE:-0}" = "1" ]; then
  jcmd "$LIBERTY_PID" JFR.dump name=proxybench filename="$ROOT/bench/proxy/target/proxy.jfr" >/dev/null
  jcmd "$LIBERTY_PID" JFR.stop name=proxybench >/dev/null
fi

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
d=$(median "${DIRECT[@]}"); m=$(median "${MISS[@]}"); h=$(median "${HIT[@]}"); l=$(median "${LOCAL[@]}")
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git rev-parse --short HEAD) $(nproc) cores, load $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "image: one uncompressed layer of $SIZE_MIB MiB, $ROUNDS rounds, median seconds (skopeo copy to an OCI layout)"
  echo "direct from upstream: $d s   (${DIRECT[*]})"
  echo "proxy miss:           $m s   (${MISS[*]})   ratio $(echo "scale=3; $m / $d" | bc)"
  echo "local pull:           $l s   (${LOCAL[*]})"
  echo "proxy hit:            $h s   (${HIT[*]})   ratio $(echo "scale=3; $h / $l" | bc)"
  echo "median CPU seconds per pull (skopeo = the client; other = the rest of the machine meanwhile):"
  for label in direct miss stored local hit; do
    jq -rs --arg l "$label" '[.[] | select(.label == $l)] as $r | def med(f): ($r | map(f) | sort | .[(length - 1) / 2 | floor]);
      "  \($l | . + "        " | .[0:8]) wall \(med(.wall_s))  skopeo \(med(.client_cpu_s))  liberty \(med(.cpu_s.liberty))  registry \(med(.cpu_s.registry))  upstream \(med(.cpu_s.upstream))  other \(med(.other_cpu_s))"' "$RAW"
  done
} | tee "$RESULTS/latest.txt"
