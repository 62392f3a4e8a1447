#!/usr/bin/env bash
# Benchmark of the vulnerability feeds updater (not a test, not in CI): see bench/vulndb/README.md.
#
#   bench/vulndb/run.sh                      # 500,000 records, 1,000 artifacts
#   BENCH_RECORDS=50000 bench/vulndb/run.sh  # a quicker run
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/scanner/target/wharf-scanner-0.1.0-SNAPSHOT.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/scanner/src/main" -newer "$JAR" -print -quit)" ]; then
  (cd "$ROOT" && ./mvnw -B -q -o -pl scanner package -DskipTests)
fi
CP="$JAR:$ROOT/scanner/target/lib/*"
mkdir -p "$HERE/target/classes" "$HERE/results"
rm -rf "$HERE/target/work"
javac -d "$HERE/target/classes" -cp "$CP" "$HERE/src/VulndbBench.java"
java ${BENCH_JAVA_OPTS:-} -cp "$HERE/target/classes:$CP" \
  -Dbench.records="${BENCH_RECORDS:-500000}" -Dbench.secondRecords="${BENCH_SECOND_RECORDS:-${BENCH_RECORDS:-500000}}" -Dbench.artifacts="${BENCH_ARTIFACTS:-1000}" \
  -Dbench.work="$HERE/target/work" -Dbench.corpusOnly="${BENCH_CORPUS_ONLY:-false}" -Dbench.importOnly="${BENCH_IMPORT_ONLY:-false}" -Dbench.vulndata="${BENCH_VULNDATA:-/work/shared/vulndata}" \
  -Dderby.stream.error.file="$HERE/target/derby.log" \
  VulndbBench 2>&1 | grep --line-buffered -v "^[A-Z][a-z][a-z] [0-9]*, 20\|^INFO: " | tee "$HERE/results/latest.txt"
# a dated copy, so that an unattended run leaves its figures next to the earlier ones
{ echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  cat "$HERE/results/latest.txt"; } > "$HERE/results/$(date -u +%Y-%m-%d-%H%M)-${BENCH_RECORDS:-500000}.txt"
