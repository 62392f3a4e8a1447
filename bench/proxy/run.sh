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
#   WHARF_HOME            default bench/proxy/target/home (emptied at each start)
#   WHARF_HTTP_PORT       default 24080 (WHARF_HTTPS_PORT 24443, registry 24500, redis 24379, upstream 24600)
#   BENCH_REUSE=1         use the stack already running at WHARF_HOME; neither start nor stop it
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
RESULTS="$ROOT/bench/proxy/results"
mkdir -p "$RESULTS"
rm -rf "$WORK" && mkdir -p "$WORK/upstream/data"

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

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
pull() { rm -rf "$WORK/out"; skopeo copy -q --src-tls-verify=false "$@" "oci:$WORK/out:x"; }

declare -a DIRECT MISS HIT LOCAL
for i in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/img"
  python3 bench/lib/mkimage.py "$WORK/img" $((SIZE_MIB * 1048576)) v1 >/dev/null
  skopeo copy -q --preserve-digests --dest-tls-verify=false "oci:$WORK/img:v1" "docker://$UP/bench/big:$i"
  skopeo copy -q --preserve-digests --dest-tls-verify=false --dest-creds "$ADMIN" "oci:$WORK/img:v1" "docker://$WHARF/benchlocal$$/bench/big:$i"
  # the two first pulls take turns going first, so the page cache favours neither
  if [ $((i % 2)) = 1 ]; then
    DIRECT+=("$(seconds pull --src-no-creds "docker://$UP/bench/big:$i")")
    MISS+=("$(seconds pull --src-creds "$ADMIN" "docker://$WHARF/benchproxy$$/bench/big:$i")")
  else
    MISS+=("$(seconds pull --src-creds "$ADMIN" "docker://$WHARF/benchproxy$$/bench/big:$i")")
    DIRECT+=("$(seconds pull --src-no-creds "docker://$UP/bench/big:$i")")
  fi
  # the cached copy goes into Wharf's registry right after the client has its bytes: a hit is timed once it is there
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null -u "$ADMIN" "http://$WHARF/api/v2.0/projects/benchproxy$$/repositories/bench%252Fbig/artifacts/$i" && break
    sleep 0.5
  done
  HIT+=("$(seconds pull --src-creds "$ADMIN" "docker://$WHARF/benchproxy$$/bench/big:$i")")
  LOCAL+=("$(seconds pull --src-creds "$ADMIN" "docker://$WHARF/benchlocal$$/bench/big:$i")")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
d=$(median "${DIRECT[@]}"); m=$(median "${MISS[@]}"); h=$(median "${HIT[@]}"); l=$(median "${LOCAL[@]}")
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git rev-parse --short HEAD) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "image: one uncompressed layer of $SIZE_MIB MiB, $ROUNDS rounds, median seconds (skopeo copy to an OCI layout)"
  echo "direct from upstream: $d s   (${DIRECT[*]})"
  echo "proxy miss:           $m s   (${MISS[*]})   ratio $(echo "scale=3; $m / $d" | bc)"
  echo "local pull:           $l s   (${LOCAL[*]})"
  echo "proxy hit:            $h s   (${HIT[*]})   ratio $(echo "scale=3; $h / $l" | bc)"
} | tee "$RESULTS/latest.txt"
