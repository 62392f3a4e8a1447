#!/usr/bin/env bash
# Replication benchmark (not a test, not in CI): see bench/replication/README.md.
#
#   bench/replication/run.sh
#
# Starts a Wharf stack (bin/wharf up with its own WHARF_HOME and ports) and a peer registry (a Debian
# docker-registry, or BENCH_PEER_URL: another Wharf or Harbor you started), seeds BENCH_IMAGES images
# of BENCH_MIB MiB (one incompressible layer each) into Wharf, replicates them to the peer with one
# push-based rule run by hand and times the execution, then copies the same images again with
# `skopeo copy` (one after the other, BENCH_SKOPEO_PARALLEL at a time) to a fresh path of the peer.
# Prints MiB/s for both into bench/replication/results/latest.txt and stops what it started.
# Settings (environment):
#   WHARF_HOME            default bench/replication/target/home (emptied at each start)
#   WHARF_HTTP_PORT       default 24080 (WHARF_HTTPS_PORT 24043, registry 24500, redis 24379); peer 24600
#   BENCH_IMAGES 100, BENCH_MIB 50, BENCH_SKOPEO_PARALLEL 4 (Wharf runs as many IMAGE_REPLICATE jobs
#   as its job workers allow)
#   BENCH_PEER_URL, BENCH_PEER_USER, BENCH_PEER_PASSWORD   a peer of your own instead of docker-registry
#   BENCH_REUSE=1         use the stack already running at WHARF_HOME; neither start nor stop it
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/replication"
export WHARF_HOME="${WHARF_HOME:-$OUT/target/home}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-24080}" WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-24043}"
export WHARF_REGISTRY_PORT="${WHARF_REGISTRY_PORT:-24500}" WHARF_REDIS_PORT="${WHARF_REDIS_PORT:-24379}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
export WHARF_SKIP_BUILD="${WHARF_SKIP_BUILD:-true}"
IMAGES="${BENCH_IMAGES:-100}" MIB="${BENCH_MIB:-50}" PAR="${BENCH_SKOPEO_PARALLEL:-4}"
URL="http://127.0.0.1:$WHARF_HTTP_PORT" HOST="127.0.0.1:$WHARF_HTTP_PORT" AUTH="admin:$WHARF_ADMIN_PASSWORD"
PEER_PORT="${BENCH_PEER_PORT:-24600}"
mkdir -p "$OUT/results" "$OUT/target"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "${BENCH_REUSE:-0}" != "1" ]; then bin/wharf down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [ "${BENCH_REUSE:-0}" != "1" ]; then
  rm -rf "$WHARF_HOME"; mkdir -p "$WHARF_HOME"
  bin/wharf up
fi
if [ -z "${BENCH_PEER_URL:-}" ]; then
  rm -rf "$OUT/target/peer"; mkdir -p "$OUT/target/peer/data"
  printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$OUT/target/peer/data" "$PEER_PORT" > "$OUT/target/peer/config.yml"
  docker-registry serve "$OUT/target/peer/config.yml" > "$OUT/target/peer/registry.log" 2>&1 &
  PIDS+=($!)
  BENCH_PEER_URL="http://127.0.0.1:$PEER_PORT"
  for _ in $(seq 50); do curl -fs "$BENCH_PEER_URL/v2/" >/dev/null && break; sleep 0.2; done
fi
PEER_HOST="${BENCH_PEER_URL#*://}"
PEER_CREDS=(--dest-no-creds)
[ -n "${BENCH_PEER_USER:-}" ] && PEER_CREDS=(--dest-creds "$BENCH_PEER_USER:$BENCH_PEER_PASSWORD")
api() { curl -fsS -u "$AUTH" -H 'Content-Type: application/json' "$@"; }

project="bench$(date +%s)"
api -X POST "$URL/api/v2.0/projects" -d "{\"project_name\":\"$project\",\"metadata\":{\"public\":\"false\"}}" >/dev/null
echo "seeding $IMAGES images of $MIB MiB into $project"
seed() {
  local i="$1" d="$OUT/target/img$1"; rm -rf "$d"
  python3 bench/lib/mkimage.py "$d" $((MIB << 20)) v1 >/dev/null
  skopeo copy -q --dest-tls-verify=false --dest-creds "$AUTH" "oci:$d:v1" "docker://$HOST/$project/img$i:v1"
  rm -rf "$d"
}
# three at a time (seeding is not measured)
SEEDERS=()
for i in $(seq "$IMAGES"); do
  seed "$i" & SEEDERS+=($!)
  if [ $((i % 3)) = 0 ]; then wait "${SEEDERS[@]}"; SEEDERS=(); fi
done
[ ${#SEEDERS[@]} = 0 ] || wait "${SEEDERS[@]}"

cred=""
[ -n "${BENCH_PEER_USER:-}" ] && cred=",\"credential\":{\"type\":\"basic\",\"access_key\":\"$BENCH_PEER_USER\",\"access_secret\":\"$BENCH_PEER_PASSWORD\"}"
api -X POST "$URL/api/v2.0/registries" -d "{\"name\":\"peer-$project\",\"type\":\"docker-registry\",\"url\":\"$BENCH_PEER_URL\"$cred}" >/dev/null
reg=$(api "$URL/api/v2.0/registries?name=peer-$project" | jq '.[0].id')
api -X POST "$URL/api/v2.0/replication/policies" -d "{\"name\":\"bench-$project\",\"dest_registry\":{\"id\":$reg},\
\"dest_namespace\":\"replicated\",\"dest_namespace_replace_count\":1,\"filters\":[{\"type\":\"name\",\"value\":\"$project/**\"}]}" >/dev/null
pol=$(api "$URL/api/v2.0/replication/policies?name=bench-$project" | jq '.[0].id')
LIBERTY_PID=$(cat "$WHARF_HOME/liberty/output/.pid/wharf.pid")
REGISTRY_PID=$(cat "$WHARF_HOME/run/registry.pid")
RAW="$OUT/target/raw.jsonl"; rm -f "$RAW"
MEASURE=(python3 bench/lib/measure.py --out "$RAW" --pid "liberty=$LIBERTY_PID" --pid "registry=$REGISTRY_PID")
[ -n "${PIDS[0]:-}" ] && MEASURE+=(--pid "peer=${PIDS[0]}")
start=$(date +%s.%N)
loc=$(curl -fsS -u "$AUTH" -H 'Content-Type: application/json' -D - -o /dev/null -X POST "$URL/api/v2.0/replication/executions" \
  -d "{\"policy_id\":$pol}" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
exe="${loc##*/}"
post_s=$(echo "$(date +%s.%N) - $start" | bc)
# CPU seconds of Liberty, Wharf's registry and the peer while the execution runs (measure.py)
"${MEASURE[@]}" --label replication -- bash -c "while [ \"\$(curl -fsS -u '$AUTH' '$URL/api/v2.0/replication/executions/$exe' | jq -r .status)\" = InProgress ]; do sleep 0.5; done"
repl_s=$(echo "$(date +%s.%N) - $start" | bc)
summary=$(api "$URL/api/v2.0/replication/executions/$exe" | jq -c '{status,total,succeed,failed}')

start=$(date +%s.%N)
"${MEASURE[@]}" --label skopeo -- bash -c 'seq "$1" | xargs -P "$2" -I{} "${@:3}"' _ "$IMAGES" "$PAR" skopeo copy -q --src-tls-verify=false --dest-tls-verify=false --src-creds "$AUTH" \
  "${PEER_CREDS[@]}" "docker://$HOST/$project/img{}:v1" "docker://$PEER_HOST/skopeo/img{}:v1"
skopeo_s=$(echo "$(date +%s.%N) - $start" | bc)
total_mib=$((IMAGES * MIB))
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git rev-parse --short HEAD) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "images $IMAGES x $MIB MiB = $total_mib MiB, peer $BENCH_PEER_URL"
  echo "POST /replication/executions answered after $(printf '%.2f' "$post_s") s"
  echo "replication execution $exe $summary: $(printf '%.1f' "$repl_s") s, $(echo "scale=1; $total_mib / $repl_s" | bc) MiB/s"
  echo "skopeo copy (-P $PAR): $(printf '%.1f' "$skopeo_s") s, $(echo "scale=1; $total_mib / $skopeo_s" | bc) MiB/s"
  echo "CPU seconds meanwhile (client = the skopeo processes; other = the rest of the machine):"
  jq -r '"  \(.label): wall \(.wall_s) s  liberty \(.cpu_s.liberty)  registry \(.cpu_s.registry)  peer \(.cpu_s.peer // "-")  client \(.client_cpu_s)  other \(.other_cpu_s)"' "$RAW"
} | tee "$OUT/results/latest.txt"
