#!/usr/bin/env bash
# Wharf's benchmarks (not tests): see bench/README.md for what each one measures and the targets.
#
#   bench/run.sh
#
# Starts its own stack (bin/wharf up with its own WHARF_HOME and ports), measures, writes
# bench/results/latest.md and bench/results/latest.json, prints the summary, and stops the stack.
# Everything talks to 127.0.0.1 only. Settings (environment):
#   WHARF_HOME            default /tmp/wharf-bench (never the development stack's ./var)
#   WHARF_HTTP_PORT       default 28080 (WHARF_HTTPS_PORT 28443)
#   WHARF_ADMIN_PASSWORD  default Bench12345
#   BENCH_REUSE=1         use the stack already running at WHARF_HOME; neither start nor stop it
#   BENCH_BUILD=0         do not build the EAR even when sources are newer (default: build if stale,
#                         as bin/wharf up would)
#   BENCH_SIZES           layer sizes in MiB, default "1024 256" (the largest is the one with targets)
#   BENCH_REPEATS         transfers per size, path and direction, default 3 (the median is reported)
#   BENCH_WRK_SECONDS     length of each measured wrk run, default 20 (after a warm-up)
#   BENCH_WARMUP_SECONDS  least warm-up before each wrk run, default 150; it goes on in 10 s runs until
#                         two in a row agree within 3 %, up to BENCH_WARMUP_MAX (default 300)
#   BENCH_CONNECTIONS     wrk connections, default 16
#   BENCH_QUIET_WAIT      seconds to wait at most, before each measurement, for other work on the
#                         machine to drop under 30% of a core (default 60; BENCH_QUIET_BUDGET=600
#                         bounds the total); the load that remains is reported with each figure
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
LIB="$BENCH/lib"
RESULTS="$BENCH/results"

export WHARF_HOME="${WHARF_HOME:-/tmp/wharf-bench}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-28080}"
export WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-28443}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
BENCH_REUSE="${BENCH_REUSE:-0}"
BENCH_BUILD="${BENCH_BUILD:-auto}"
BENCH_SIZES="${BENCH_SIZES:-1024 256}"
BENCH_REPEATS="${BENCH_REPEATS:-3}"
BENCH_WRK_SECONDS="${BENCH_WRK_SECONDS:-20}"
BENCH_WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-150}"
BENCH_WARMUP_MAX="${BENCH_WARMUP_MAX:-300}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-16}"
BENCH_WARMUP_MIB="${BENCH_WARMUP_MIB:-64}"
BENCH_TRANSFER_TIMEOUT="${BENCH_TRANSFER_TIMEOUT:-1800}"
BENCH_QUIET_WAIT="${BENCH_QUIET_WAIT:-60}"
BENCH_QUIET_BUDGET="${BENCH_QUIET_BUDGET:-600}"
PROJECT=bench
USER_NAME=admin
SERVICE=wharf-registry
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
export PYTHONDONTWRITEBYTECODE=1 # lib/*.py import each other: leave no __pycache__ in the tree

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

T0=$SECONDS
WORK=""
STARTED=0
EAR_TIME=""
# The tree as it is when the run starts (a concurrent commit must not relabel the figures).
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- . ':!bench' 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
WHARF_CMD="$ROOT/bin/wharf"

cleanup() {
  local rc=$?
  set +e
  if [ "$STARTED" = 1 ]; then
    say "stopping the stack it started"
    "$WHARF_CMD" down >&2
    # Only a WHARF_HOME this script made is emptied of image data (GiBs); logs and config stay.
    if [ -f "$WHARF_HOME/.wharf-bench" ]; then rm -rf "$WHARF_HOME/registry"; fi
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then rm -rf "$WORK"; fi
  if [ $rc -ne 0 ]; then
    say "failed (exit $rc); Liberty log: $WHARF_HOME/liberty/output/wharf/logs/messages.log"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ---------------------------------------------------------------------------------------
need=()
for tool in skopeo wrk curl python3 openssl; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null || die "missing tools: ${need[*]}"
  say "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/wharf-bench-work.XXXXXX")"
RAW="$WORK/raw.jsonl"
# A WHARF_HOME this script creates is marked as its own: its image data is removed at the end.
if [ "$BENCH_REUSE" != 1 ] && [ ! -e "$WHARF_HOME" ]; then mkdir -p "$WHARF_HOME"; touch "$WHARF_HOME/.wharf-bench"; fi
mkdir -p "$WHARF_HOME/logs"
LOG="$WHARF_HOME/logs/bench-commands.log" # output of every skopeo and wrk run; kept after the run
: >"$RAW"
: >"$LOG"
WHARF_URL="http://127.0.0.1:$WHARF_HTTP_PORT"
LIBERTY_PID_FILE="$WHARF_HOME/liberty/output/.pid/wharf.pid"

stack_running() {
  local f
  for f in "$WHARF_HOME/run/redis.pid" "$WHARF_HOME/run/registry.pid" "$LIBERTY_PID_FILE"; do
    [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && return 0
  done
  return 1
}

ear_is_stale() {
  local ear="$ROOT/ear/target/wharf.ear"
  [ -f "$ear" ] && [ -x "$ROOT/ear/target/liberty/wlp/bin/server" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src "$ROOT/src/main/liberty" -newer "$ear" -type f -print -quit 2>/dev/null)" ]
}

# --- stack ---------------------------------------------------------------------------------------
if [ "$BENCH_REUSE" = 1 ]; then
  stack_running || die "BENCH_REUSE=1 but nothing runs at WHARF_HOME=$WHARF_HOME"
  say "reusing the stack at $WHARF_HOME ($WHARF_URL)"
else
  stack_running && die "a stack already runs at WHARF_HOME=$WHARF_HOME: stop it (bin/wharf down) or set BENCH_REUSE=1"
  if ear_is_stale; then
    if [ "$BENCH_BUILD" = 0 ]; then
      [ -f "$ROOT/ear/target/wharf.ear" ] || die "no EAR built and BENCH_BUILD=0"
      say "sources are newer than the EAR; BENCH_BUILD=0: benchmarking the EAR as built"
    else
      say "building the EAR (as bin/wharf up would)"
      (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl ear -am) || die "build failed"
    fi
  fi
  # The stack runs from a copy of the built server, so a rebuild or clean of ear/target while the
  # benchmarks run cannot pull the runtime from under them; bin/wharf is run from that copy.
  say "copying the built server to $WORK/stack"
  mkdir -p "$WORK/stack/bin" "$WORK/stack/ear/target/liberty" "$WORK/stack/src/main/liberty/config"
  cp "$ROOT/bin/wharf" "$WORK/stack/bin/wharf"
  cp -a "$ROOT/src/main/liberty/config/." "$WORK/stack/src/main/liberty/config/"
  cp -a "$ROOT/ear/target/wharf.ear" "$ROOT/ear/target/jdbc" "$WORK/stack/ear/target/"
  EAR_TIME="$(date -u -r "$WORK/stack/ear/target/wharf.ear" '+%Y-%m-%dT%H:%MZ')"
  cp -a "$ROOT/ear/target/liberty/wlp" "$WORK/stack/ear/target/liberty/"
  touch "$WORK/stack/ear/target/wharf.ear" # the copy is what runs: bin/wharf must not rebuild it
  WHARF_CMD="$WORK/stack/bin/wharf"
  # A WHARF_HOME this script made starts every run fresh: no images, records or cache from before.
  if [ -f "$WHARF_HOME/.wharf-bench" ]; then rm -rf "$WHARF_HOME/registry" "$WHARF_HOME/db" "$WHARF_HOME/redis"; fi
  say "starting the stack at $WHARF_HOME ($WHARF_URL)"
  STARTED=1
  "$WHARF_CMD" up >&2
fi
LIBERTY_PID="$(cat "$LIBERTY_PID_FILE")"
REGISTRY_PID="$(cat "$WHARF_HOME/run/registry.pid")"
REGISTRY_PORT="$(cat "$WHARF_HOME/run/registry.port")"
DIRECT_URL="http://127.0.0.1:$REGISTRY_PORT"
say "Liberty pid $LIBERTY_PID, registry pid $REGISTRY_PID on $DIRECT_URL"

code=$(curl -s -o "$WORK/project.json" -w '%{http_code}' -u "$USER_NAME:$WHARF_ADMIN_PASSWORD" -XPOST \
  -H 'Content-Type: application/json' "$WHARF_URL/api/v2.0/projects" \
  -d "{\"project_name\":\"$PROJECT\",\"metadata\":{\"public\":\"false\"}}")
case "$code" in
  201|409) ;;
  *) die "creating project $PROJECT answered $code: $(cat "$WORK/project.json")" ;;
esac

token() { # repository actions
  curl -sf -u "$USER_NAME:$WHARF_ADMIN_PASSWORD" \
    "$WHARF_URL/service/token?service=$SERVICE&scope=repository:$PROJECT/$1:$2" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

host_of() { case "$1" in wharf) echo "127.0.0.1:$WHARF_HTTP_PORT" ;; direct) echo "127.0.0.1:$REGISTRY_PORT" ;; esac; }

# Before each measurement, wait (bounded) until other work on the machine is under 30% of a core;
# what other work still ran is recorded with each figure (other_cpu_s) and flagged in the report.
QUIET_SPENT=0
wait_quiet() {
  local left=$((BENCH_QUIET_BUDGET - QUIET_SPENT)) max out
  [ "$left" -gt 0 ] || return 0
  max=$BENCH_QUIET_WAIT; [ "$max" -le "$left" ] || max=$left
  out="$(python3 "$LIB/quiet.py" --max-wait "$max" --pid "$LIBERTY_PID" --pid "$REGISTRY_PID")"
  QUIET_SPENT=$((QUIET_SPENT + ${out#* }))
  [ "${out#* }" -lt 5 ] || say "waited ${out#* } s for other work to calm down (other load now ${out%% *} of a core)"
}

measure() { # label, then measure.py options, then -- command
  local label="$1"; shift
  sync # the previous transfer's writes do not compete with this one
  wait_quiet
  python3 "$LIB/measure.py" --label "$label" --out "$RAW" --log "$LOG" \
    --pid "liberty=$LIBERTY_PID" --pid "registry=$REGISTRY_PID" "$@"
}

# push KIND SIZE_LABEL MIB REPO TAG PATH REP: builds a fresh single-layer image (a layer the
# registry has never seen, so the push really uploads it) and pushes it.
push() {
  local kind="$1" label="$2" mib="$3" repo="$4" tag="$5" path="$6" rep="$7" layout="$WORK/layout" tok rss=()
  rm -rf "$layout"
  python3 "$LIB/mkimage.py" "$layout" $((mib * 1024 * 1024)) "$tag" >/dev/null
  tok="$(token "$repo" push,pull)"
  [ "$path" = wharf ] && rss=(--rss liberty)
  say "push $label via $path ($repo:$tag)"
  measure "push-$label-$path-$rep" --meta kind="$kind" --meta op=push --meta path="$path" --meta size="$label" \
    --meta bytes=$((mib * 1024 * 1024)) --meta rep="$rep" "${rss[@]}" --timeout "$BENCH_TRANSFER_TIMEOUT" -- \
    skopeo copy --quiet --preserve-digests --retry-times 0 --dest-tls-verify=false --dest-registry-token "$tok" \
    "oci:$layout:$tag" "docker://$(host_of "$path")/$PROJECT/$repo:$tag" ||
    die "push $label via $path failed (see $LOG)"
  rm -rf "$layout"
}

pull() { # KIND SIZE_LABEL MIB REPO TAG PATH REP
  local kind="$1" label="$2" mib="$3" repo="$4" tag="$5" path="$6" rep="$7" dest="$WORK/pulled" tok rss=()
  rm -rf "$dest"
  tok="$(token "$repo" pull)"
  [ "$path" = wharf ] && rss=(--rss liberty)
  say "pull $label via $path ($repo:$tag)"
  measure "pull-$label-$path-$rep" --meta kind="$kind" --meta op=pull --meta path="$path" --meta size="$label" \
    --meta bytes=$((mib * 1024 * 1024)) --meta rep="$rep" "${rss[@]}" --timeout "$BENCH_TRANSFER_TIMEOUT" -- \
    skopeo copy --quiet --preserve-digests --dest-oci-accept-uncompressed-layers --retry-times 0 \
    --src-tls-verify=false --src-registry-token "$tok" \
    "docker://$(host_of "$path")/$PROJECT/$repo:$tag" "oci:$dest:$tag" ||
    die "pull $label via $path failed (see $LOG)"
  rm -rf "$dest"
}

size_label() { if [ $(($1 % 1024)) -eq 0 ]; then echo "$(($1 / 1024))GiB"; else echo "${1}MiB"; fi; }

# --- transfers -----------------------------------------------------------------------------------
# Warm-up (not counted): JIT, connection pools and the first heap growth happen here.
say "warm-up: ${BENCH_WARMUP_MIB} MiB push and pull both ways"
for path in wharf direct; do
  push warmup warmup "$BENCH_WARMUP_MIB" warmup "w-$path" "$path" 1
  pull warmup warmup "$BENCH_WARMUP_MIB" warmup "w-$path" "$path" 1
done

# Largest size first, so memory that grows with the blob cannot hide behind an earlier warm-up.
for mib in $(printf '%s\n' $BENCH_SIZES | sort -rn); do
  label="$(size_label "$mib")"
  repo="size-$(echo "$label" | tr 'A-Z' 'a-z')"
  for rep in $(seq 1 "$BENCH_REPEATS"); do
    # Alternate which path goes first, so neither always gets the warmer caches.
    if [ $((rep % 2)) -eq 1 ]; then order="wharf direct"; else order="direct wharf"; fi
    for path in $order; do push transfer "$label" "$mib" "$repo" "$path-$rep" "$path" "$rep"; done
  done
  for rep in $(seq 1 "$BENCH_REPEATS"); do
    if [ $((rep % 2)) -eq 1 ]; then order="wharf direct"; else order="direct wharf"; fi
    for path in $order; do pull transfer "$label" "$mib" "$repo" "wharf-1" "$path" "$rep"; done
  done
done

# --- manifest GET --------------------------------------------------------------------------------
big_label="$(size_label "$(printf '%s\n' $BENCH_SIZES | sort -rn | head -1)")"
manifest_repo="size-$(echo "$big_label" | tr 'A-Z' 'a-z')"
manifest_path="/v2/$PROJECT/$manifest_repo/manifests/wharf-1"
tok="$(token "$manifest_repo" pull)"
for path in direct wharf; do
  base="$WHARF_URL"; [ "$path" = direct ] && base="$DIRECT_URL"
  code=$(curl -s -o "$WORK/manifest-$path.json" -w '%{http_code}' -H "Authorization: Bearer $tok" \
    -H "Accept: $OCI_MANIFEST" "$base$manifest_path")
  [ "$code" = 200 ] || die "manifest GET via $path answered $code: $(head -c 300 "$WORK/manifest-$path.json")"
done
cmp -s "$WORK/manifest-direct.json" "$WORK/manifest-wharf.json" || die "Wharf and the registry answer different manifests"

# Warms up with 10 s wrk runs, at least BENCH_WARMUP_SECONDS, until two in a row agree within 3 %
# (at most BENCH_WARMUP_MAX seconds): a freshly started Liberty's JIT needs minutes under full load
# on these 2 cores (its compiler threads share the CPU with every busy request thread), and the
# figures that count are those of a server that has been running, as a registry in use has.
# Prints the rates it saw.
warm_up() { # url
  local url="$1" prev=0 rate spent=0 rates=()
  while [ "$spent" -lt "$BENCH_WARMUP_MAX" ]; do
    rate=$(timeout 60 wrk -t2 -c"$BENCH_CONNECTIONS" -d10s --timeout 10s -s "$LIB/headers.lua" "$url" 2>>"$LOG" |
      tee -a "$LOG" | sed -n 's/.*"rps":\([0-9.]*\).*/\1/p') || die "wrk warm-up of $url failed (see $LOG)"
    [ -n "$rate" ] || die "wrk warm-up of $url printed no rate (see $LOG)"
    rates+=("$rate"); spent=$((spent + 10))
    [ "$spent" -ge "$BENCH_WARMUP_SECONDS" ] &&
      python3 -c "import sys; p,r=float(sys.argv[1]),float(sys.argv[2]); sys.exit(0 if p>0 and abs(r-p)<=0.03*p else 1)" "$prev" "$rate" &&
      break
    prev="$rate"
  done
  echo "${rates[*]}" | tr ' ' ','
}

wrk_run() { # target path url authorization [accept]
  local target="$1" path="$2" url="$3" warm
  export BENCH_AUTHORIZATION="$4" BENCH_ACCEPT="${5:-}"
  say "wrk $target via $path: warm-up until steady (${BENCH_WARMUP_SECONDS}-${BENCH_WARMUP_MAX}s), ${BENCH_WRK_SECONDS}s measured, $BENCH_CONNECTIONS connections"
  wait_quiet
  warm=$(warm_up "$url") || die "wrk warm-up of $target via $path failed (see $LOG)"
  say "  warm-up rates (req/s per 10 s): $warm"
  # The warm-up's load may still keep Liberty busy (pull counts being written): let it finish first.
  python3 "$LIB/drain.py" --pid "$LIBERTY_PID" --max 300 >>"$LOG"
  measure "wrk-$target-$path" --meta kind=wrk --meta target="$target" --meta path="$path" --meta warmup_rps="$warm" \
    --timeout $((BENCH_WRK_SECONDS + 60)) -- \
    wrk -t2 -c"$BENCH_CONNECTIONS" -d"${BENCH_WRK_SECONDS}s" --timeout 10s --latency -s "$LIB/headers.lua" "$url" ||
    die "wrk $target via $path failed (see $LOG)"
  # How long Liberty keeps working once the load stops (and how much CPU that takes): the work the
  # run left queued, which the next measurement must not inherit.
  python3 "$LIB/measure.py" --label "drain-$target-$path" --out "$RAW" --log "$LOG" --meta kind=drain \
    --meta target="$target" --meta path="$path" --pid "liberty=$LIBERTY_PID" --pid "registry=$REGISTRY_PID" \
    --timeout 400 -- python3 "$LIB/drain.py" --pid "$LIBERTY_PID" --max 300
  unset BENCH_AUTHORIZATION BENCH_ACCEPT
}

wrk_run manifest direct "$DIRECT_URL$manifest_path" "Bearer $tok" "$OCI_MANIFEST"
tok="$(token "$manifest_repo" pull)"
wrk_run manifest wharf "$WHARF_URL$manifest_path" "Bearer $tok" "$OCI_MANIFEST"

# --- token service -------------------------------------------------------------------------------
token_url="$WHARF_URL/service/token?service=$SERVICE&scope=repository:$PROJECT/$manifest_repo:pull"
basic="Basic $(printf '%s:%s' "$USER_NAME" "$WHARF_ADMIN_PASSWORD" | base64 -w0)"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $basic" "$token_url")
[ "$code" = 200 ] || die "token GET answered $code"
wrk_run token wharf "$token_url" "$basic"
# The same with a different repository in every request: every token is signed afresh, none is
# handed out again (wharf.token.reuse.ms), which is what clients asking for many images see.
export BENCH_VARY_PATH="/service/token?service=$SERVICE&scope=repository:$PROJECT/many-{n}:pull"
wrk_run token-varied wharf "$token_url" "$basic"
unset BENCH_VARY_PATH

# --- report --------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
ear_time="${EAR_TIME:-$(date -u -r "$ROOT/ear/target/wharf.ear" '+%Y-%m-%dT%H:%MZ' 2>/dev/null || echo '?')}"
export BENCH_CTX_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
export BENCH_CTX_MACHINE="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
export BENCH_CTX_CPU="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
export BENCH_CTX_COMMIT="$commit, EAR built $ear_time"
export BENCH_CTX_ELAPSED="$((SECONDS - T0))"
export BENCH_CTX_WRK_SECONDS="$BENCH_WRK_SECONDS"
export BENCH_CTX_SIZES_MIB="$BENCH_SIZES"
export BENCH_CTX_REPEATS="$BENCH_REPEATS"
export BENCH_CTX_TOOLS="$(skopeo --version | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(docker-registry --version 2>/dev/null | head -1); $(java -version 2>&1 | head -1)"
python3 "$LIB/report.py" "$RAW" "$RESULTS/latest.md" "$RESULTS/latest.json"
say "wrote $RESULTS/latest.md and $RESULTS/latest.json (run time $((SECONDS - T0)) s before stopping the stack)"
