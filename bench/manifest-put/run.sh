#!/usr/bin/env bash
# Manifest PUT latency through Wharf's gateway and straight to the registry, in the same run:
#
#   bench/manifest-put/run.sh [PUSHES]        (default 1000 pushes per path)
#
# Starts its own stack (bin/wharf up with its own WHARF_HOME and ports), measures, stops it.
# WHARF_ROOT picks another checkout's bin/wharf and EAR (to measure a build without the change).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${WHARF_ROOT:-$(cd "$HERE/../.." && pwd)}"
export WHARF_HOME="${WHARF_HOME:-/tmp/wharf-bench-put}"
export WHARF_HTTP_PORT="${WHARF_HTTP_PORT:-28080}" WHARF_HTTPS_PORT="${WHARF_HTTPS_PORT:-28443}"
export WHARF_REGISTRY_PORT="${WHARF_REGISTRY_PORT:-28500}" WHARF_REDIS_PORT="${WHARF_REDIS_PORT:-28379}"
export WHARF_ADMIN_PASSWORD="${WHARF_ADMIN_PASSWORD:-Bench12345}"
"$ROOT/bin/wharf" up
trap '"$ROOT/bin/wharf" down' EXIT
python3 "$HERE/put_latency.py" "http://127.0.0.1:$WHARF_HTTP_PORT" "http://127.0.0.1:$(cat "$WHARF_HOME/run/registry.port")" \
  "$WHARF_ADMIN_PASSWORD" "${1:-1000}"
