#!/usr/bin/env bash
# The pull-at-fleet-scale benchmark (not a test; see bench/README.md, "Fleet pulls"):
#
#   bench/fleet.sh
#
# 1. cold start: `bin/wharf up` on the built EAR, timed to /health UP, twice (the first up of a
#    fresh home, then a restart, which is what a rolling upgrade does);
# 2. first minute: right after the restart, manifest GETs by tag and token requests in alternating
#    10 s wrk runs (16 connections) for 60 s;
# 3. warm: manifest GET by tag and by digest, at 16 and 64 connections, through Wharf and straight
#    to the registry in the same run (alternating which goes first); token issue at 16.
# Writes bench/results/fleet-latest.md and .json (ratios Wharf / registry, first minute / warm,
# the machine's load average with each figure) and stops the stack. Everything on 127.0.0.1.
# Settings (environment):
#   WHARF_HOME              default /tmp/wharf-bench-fleet
#   WHARF_HTTP_PORT         default 28280 (WHARF_HTTPS_PORT 28643)
#   BENCH_WRK_SECONDS       each measured warm run, default 15
#   BENCH_WARMUP_SECONDS    load before the warm runs, default 120 (after the first minute)
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
LIB="$BENCH/lib"
RESULTS="$BENCH/results"
export WHARF_HOME="${WHARF_HOME:-/tmp/wharf-bench-fleet}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-28280}"
export WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-28643}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
export WHARF_SKIP_BUILD=true
BENCH_WRK_SECONDS="${BENCH_WRK_SECONDS:-15}"
BENCH_WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-120}"
PROJECT=bench
SERVICE=wharf-registry
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
WHARF_URL="http://127.0.0.1:$WHARF_HTTP_PORT"
export PYTHONDONTWRITEBYTECODE=1

say() { printf 'fleet: %s\n' "$*" >&2; }
die() { printf 'fleet: %s\n' "$*" >&2; exit 1; }

[ -f "$ROOT/ear/target/wharf.ear" ] || die "build the EAR first (./mvnw -B -o -DskipTests package -pl ear -am)"
for tool in skopeo wrk curl python3; do command -v "$tool" >/dev/null || die "missing $tool"; done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wharf-fleet.XXXXXX")"
RAW="$WORK/raw.jsonl"
: >"$RAW"
STARTED=0
cleanup() {
  local rc=$?
  set +e
  [ "$STARTED" = 1 ] && "$ROOT/bin/wharf" down >&2
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load() { cut -d' ' -f1 /proc/loadavg; }
record() { # json object
  printf '%s\n' "$1" >>"$RAW"
}

# --- cold start ----------------------------------------------------------------------------------
# Only a home this script made is emptied: each run starts from nothing, as a new server would.
if [ -e "$WHARF_HOME" ]; then
  [ -f "$WHARF_HOME/.wharf-fleet-bench" ] || die "$WHARF_HOME exists and is not this benchmark's: set WHARF_HOME"
  "$ROOT/bin/wharf" down >/dev/null 2>&1 || true
  rm -rf "$WHARF_HOME"
fi
mkdir -p "$WHARF_HOME"
touch "$WHARF_HOME/.wharf-fleet-bench"
for round in first restart; do
  [ "$round" = restart ] && "$ROOT/bin/wharf" down >&2
  l=$(load)
  t0=$(date +%s.%N)
  STARTED=1
  "$ROOT/bin/wharf" up >&2 || die "bin/wharf up failed"
  t1=$(date +%s.%N)
  up_s=$(python3 -c "print(round($t1 - $t0, 1))")
  say "up ($round): /health UP after $up_s s (load $l)"
  record "{\"kind\":\"up\",\"round\":\"$round\",\"seconds\":$up_s,\"load\":$l}"
  if [ "$round" = first ]; then
    # The image the manifest runs read: pushed once, through Wharf, before the restart.
    curl -s -o /dev/null -u "admin:$WHARF_ADMIN_PASSWORD" -XPOST -H 'Content-Type: application/json' \
      "$WHARF_URL/api/v2.0/projects" -d "{\"project_name\":\"$PROJECT\",\"metadata\":{\"public\":\"false\"}}"
    python3 "$LIB/mkimage.py" "$WORK/layout" 65536 v1 >/dev/null
    skopeo copy --quiet --dest-tls-verify=false --dest-creds "admin:$WHARF_ADMIN_PASSWORD" \
      "oci:$WORK/layout:v1" "docker://127.0.0.1:$WHARF_HTTP_PORT/$PROJECT/app:v1" || die "push failed"
  fi
done
REGISTRY_URL="http://127.0.0.1:$(cat "$WHARF_HOME/run/registry.port")"

token() {
  curl -sf -u "admin:$WHARF_ADMIN_PASSWORD" "$WHARF_URL/service/token?service=$SERVICE&scope=repository:$PROJECT/app:pull" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
TOKEN="$(token)"
DIGEST=$(curl -sf -o /dev/null -D - -H "Authorization: Bearer $TOKEN" -H "Accept: $OCI_MANIFEST" \
  "$WHARF_URL/v2/$PROJECT/app/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
[ -n "$DIGEST" ] || die "no digest for $PROJECT/app:v1"
BASIC="Basic $(printf 'admin:%s' "$WHARF_ADMIN_PASSWORD" | base64 -w0)"
TOKEN_URL="$WHARF_URL/service/token?service=$SERVICE&scope=repository:$PROJECT/app:pull"

wrk_json() { # seconds connections url authorization [accept]
  BENCH_AUTHORIZATION="$4" BENCH_ACCEPT="${5:-}" timeout $(($1 + 60)) \
    wrk -t2 -c"$2" -d"$1s" --timeout 10s --latency -s "$LIB/headers.lua" "$3" 2>/dev/null |
    sed -n 's/^BENCH_JSON //p'
}

run() { # phase target path connections seconds url authorization [accept]
  local l json
  l=$(load)
  json=$(wrk_json "$5" "$4" "$6" "$7" "${8:-}")
  [ -n "$json" ] || die "wrk $2 via $3 printed nothing"
  say "$1 $2 via $3 c=$4: $(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["rps"], "req/s, p99", j["p99_ms"], "ms, non-2xx", j["non2xx"])' "$json") (load $l)"
  record "{\"kind\":\"wrk\",\"phase\":\"$1\",\"target\":\"$2\",\"path\":\"$3\",\"connections\":$4,\"load\":$l,\"result\":$json}"
}

# --- first minute (the server was restarted just now) --------------------------------------------
for slice in 1 2 3; do
  run first-minute manifest-tag wharf 16 10 "$WHARF_URL/v2/$PROJECT/app/manifests/v1" "Bearer $TOKEN" "$OCI_MANIFEST"
  run first-minute token wharf 16 10 "$TOKEN_URL" "$BASIC"
done

# --- warm ----------------------------------------------------------------------------------------
say "warming up for ${BENCH_WARMUP_SECONDS}s"
half=$((BENCH_WARMUP_SECONDS / 2))
wrk_json "$half" 16 "$WHARF_URL/v2/$PROJECT/app/manifests/v1" "Bearer $TOKEN" "$OCI_MANIFEST" >/dev/null
wrk_json "$half" 16 "$TOKEN_URL" "$BASIC" >/dev/null
order=(wharf direct)
for c in 16 64; do
  for ref in tag digest; do
    reference=v1; [ "$ref" = digest ] && reference="$DIGEST"
    for path in "${order[@]}"; do
      base="$WHARF_URL"; [ "$path" = direct ] && base="$REGISTRY_URL"
      run warm "manifest-$ref" "$path" "$c" "$BENCH_WRK_SECONDS" "$base/v2/$PROJECT/app/manifests/$reference" "Bearer $TOKEN" "$OCI_MANIFEST"
    done
    order=("${order[1]}" "${order[0]}")
  done
done
run warm token wharf 16 "$BENCH_WRK_SECONDS" "$TOKEN_URL" "$BASIC"

# --- report --------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
export FLEET_CONTEXT="$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(java -version 2>&1 | head -1)"
python3 - "$RAW" "$RESULTS/fleet-latest.md" "$RESULTS/fleet-latest.json" <<'EOF'
import json, os, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
json.dump(rows, open(sys.argv[3], "w"), indent=1)
out = ["# Fleet pulls: " + os.environ["FLEET_CONTEXT"], ""]
out.append("| cold start | /health UP after | load average |")
out.append("|---|---|---|")
for r in rows:
    if r["kind"] == "up":
        out.append(f"| {r['round']} | {r['seconds']} s | {r['load']} |")
warm = {(r["target"], r["path"], r["connections"]): r for r in rows if r["kind"] == "wrk" and r["phase"] == "warm"}
out += ["", "| warm | connections | Wharf req/s | registry req/s | ratio | Wharf p99 ms | registry p99 ms | p99 ratio | load (Wharf/registry run) |",
        "|---|---|---|---|---|---|---|---|---|"]
for (target, path, c), w in sorted(warm.items()):
    if path != "wharf" or (target, "direct", c) not in warm:
        continue
    d = warm[(target, "direct", c)]
    wr, dr = w["result"], d["result"]
    out.append(f"| {target} | {c} | {wr['rps']:.0f} | {dr['rps']:.0f} | **{wr['rps'] / dr['rps']:.2f}x** | {wr['p99_ms']:.1f} | "
               f"{dr['p99_ms']:.1f} | {wr['p99_ms'] / max(dr['p99_ms'], 0.01):.2f}x | {w['load']}/{d['load']} |")
token = warm.get(("token", "wharf", 16))
if token:
    out.append(f"| token issue | 16 | {token['result']['rps']:.0f} | | | {token['result']['p99_ms']:.1f} | | | {token['load']} |")
out += ["", "| first minute after restart (10 s runs) | req/s | warm req/s | ratio | load |", "|---|---|---|---|---|"]
for r in rows:
    if r["kind"] == "wrk" and r["phase"] == "first-minute":
        w = warm.get((r["target"] if r["target"] == "token" else "manifest-tag", "wharf", 16))
        ratio = f"{r['result']['rps'] / w['result']['rps']:.2f}x" if w else "?"
        out.append(f"| {r['target']} | {r['result']['rps']:.0f} | {w['result']['rps']:.0f} | {ratio} | {r['load']} |" if w else
                   f"| {r['target']} | {r['result']['rps']:.0f} | ? | ? | {r['load']} |")
bad = [r for r in rows if r["kind"] == "wrk" and (r["result"]["non2xx"] or r["result"]["timeouts"])]
if bad:
    out += ["", "Runs with non-2xx answers or timeouts: " + ", ".join(f"{r['phase']} {r['target']} {r['path']} c={r['connections']}" for r in bad)]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
EOF
