#!/usr/bin/env bash
# Benchmark of Wharf's embedded vulnerability scanner (not a test): see bench/scanner/README.md.
#
#   bench/scanner/run.sh
#
# Builds the scanner module if its jar is missing or older than its sources, compiles the benchmark
# (bench/scanner/src, plain javac against the scanner jar and scanner/target/lib), then in three JVMs:
#   prepare  base layer tar.gz from this machine's bookworm files + jars; fresh Derby vulndb, import
#   measure  (a) cold scan, (b) warm scan, (c) 1,000 images sharing the base layer, (c') 2 workers
#   profile  where the time of a scan goes (cold and warm steps, SQL per statement)
# and writes bench/scanner/results/latest.md (summary with PASS/MISS) and latest.json (raw figures).
# Everything it creates lives in bench/scanner/target/ (git-ignored) and bench/scanner/results/.
#
# Settings (environment):
#   BENCH_IMAGES            images in (c), default 1000
#   BENCH_THREADS           workers in (c'), default 2; 1 skips (c')
#   BENCH_PARALLEL_IMAGES   images in (c'), default 200
#   BENCH_TIME_LIMIT        seconds after which a pass over the images stops (reported as MISS), default 600
#   BENCH_HEAP              -Xmx of the measuring JVMs, default 512m
#   BENCH_BUILD             auto (default: build the scanner when stale) | 0 (never) | 1 (always)
#   BENCH_FETCH             1 (default): fetch the four vulnerable-version jars below from Maven Central
#                           into ~/.m2 when missing (./mvnw dependency:get); 0: use only what ~/.m2 holds
#   BENCH_VULNDATA          default /work/shared/vulndata
#   BENCH_QUIET_WAIT        seconds to wait at most, before each JVM, for other processes to use less than
#                           BENCH_QUIET_CORES (default 0.5) cores; default 180. The load that remains is
#                           reported with every phase.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="$HERE/target"
BUILD="$TARGET/build"
CLASSES="$TARGET/classes"
RESULTS="$HERE/results"
JAR="$ROOT/scanner/target/wharf-scanner-0.1.0-SNAPSHOT.jar"
LIB="$ROOT/scanner/target/lib"
M2="${HOME}/.m2/repository"

BENCH_IMAGES="${BENCH_IMAGES:-1000}"
BENCH_THREADS="${BENCH_THREADS:-2}"
BENCH_PARALLEL_IMAGES="${BENCH_PARALLEL_IMAGES:-200}"
BENCH_TIME_LIMIT="${BENCH_TIME_LIMIT:-600}"
BENCH_HEAP="${BENCH_HEAP:-512m}"
BENCH_BUILD="${BENCH_BUILD:-auto}"
BENCH_FETCH="${BENCH_FETCH:-1}"
BENCH_VULNDATA="${BENCH_VULNDATA:-/work/shared/vulndata}"
BENCH_QUIET_WAIT="${BENCH_QUIET_WAIT:-180}"
BENCH_QUIET_CORES="${BENCH_QUIET_CORES:-0.5}"

# Real jars for opt/app/lib/ (groupId:artifactId:version). The first four are versions the OSV records in
# vulndata flag (Log4Shell, jackson-databind, Text4Shell, Spring4Shell); the rest are current releases.
JARS=(
  org.apache.logging.log4j:log4j-core:2.14.1
  com.fasterxml.jackson.core:jackson-databind:2.9.8
  org.apache.commons:commons-text:1.9
  org.springframework:spring-beans:5.3.17
  com.fasterxml.jackson.core:jackson-databind:2.17.2
  com.fasterxml.jackson.core:jackson-core:2.17.2
  com.google.guava:guava:33.4.0-jre
  org.apache.commons:commons-text:1.12.0
  org.apache.commons:commons-compress:1.28.0
  org.apache.derby:derby:10.16.1.1
)
FETCHABLE=4

say() { printf 'bench-scanner: %s\n' "$*" >&2; }
die() { printf 'bench-scanner: %s\n' "$*" >&2; exit 1; }

START=$(date +%s)
mkdir -p "$TARGET" "$BUILD" "$RESULTS"

# ---- scanner jar ------------------------------------------------------------------------------------
stale=0
if [[ ! -f "$JAR" || ! -f "$LIB/derby-10.16.1.1.jar" ]]; then
  stale=1
elif [[ -n "$(find "$ROOT/scanner/src/main" "$ROOT/scanner/pom.xml" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  stale=1
fi
if [[ "$BENCH_BUILD" == 1 || ( "$BENCH_BUILD" == auto && "$stale" == 1 ) ]]; then
  say "building the scanner module (./mvnw -o -DskipTests package -pl scanner)"
  ( cd "$ROOT" && { ./mvnw -B -q -o -DskipTests package -pl scanner \
      || ./mvnw -B -q -DskipTests package -pl scanner; } ) || die "scanner build failed"
fi
[[ -f "$JAR" ]] || die "no $JAR (BENCH_BUILD=0?)"
CP="$JAR:$LIB/*"

# ---- jars for the base layer ------------------------------------------------------------------------
jar_paths=()
i=0
for coord in "${JARS[@]}"; do
  IFS=: read -r g a v <<<"$coord"
  path="$M2/${g//.//}/$a/$v/$a-$v.jar"
  if [[ ! -f "$path" && "$BENCH_FETCH" == 1 && $i -lt $FETCHABLE ]]; then
    say "fetching $coord from Maven Central"
    ( cd "$ROOT" && timeout 300 ./mvnw -B -q -N \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get -Dartifact="$coord" -Dtransitive=false ) \
      || say "warning: could not fetch $coord"
  fi
  if [[ -f "$path" ]]; then
    jar_paths+=("$path")
  else
    say "warning: $coord not in $M2; the base layer goes without it"
  fi
  i=$((i + 1))
done

# ---- benchmark classes -------------------------------------------------------------------------------
rm -rf "$CLASSES"
mkdir -p "$CLASSES"
javac -nowarn -d "$CLASSES" -cp "$CP" "$HERE"/src/*.java

# ---- quiet machine -----------------------------------------------------------------------------------
cpu_busy() { # prints "busy total" jiffies of the whole machine
  awk '/^cpu /{t=0; for (i=2; i<=9; i++) t+=$i; print t-$5-$6, t}' /proc/stat
}
QUIET_NOTES=()
wait_quiet() { # $1: label
  local waited=0 cores ok b1 t1 b2 t2
  while :; do
    read -r b1 t1 < <(cpu_busy); sleep 3; read -r b2 t2 < <(cpu_busy)
    cores=$(awk -v b=$((b2 - b1)) -v t=$((t2 - t1)) -v n="$(nproc)" 'BEGIN{printf "%.2f", t ? b / t * n : 0}')
    waited=$((waited + 3))
    ok=$(awk -v c="$cores" -v q="$BENCH_QUIET_CORES" 'BEGIN{print (c < q) ? 1 : 0}')
    if [[ "$ok" == 1 || $waited -ge $BENCH_QUIET_WAIT ]]; then
      break
    fi
  done
  QUIET_NOTES+=("$1: ${cores} cores busy after waiting ${waited} s")
  say "$1: other processes use ${cores} cores (waited ${waited} s, limit ${BENCH_QUIET_WAIT} s)"
}

JAVA=(java "-Xmx$BENCH_HEAP" "-Dderby.stream.error.file=$TARGET/derby.log" -cp "$CLASSES:$CP")

# ---- prepare, measure, profile -------------------------------------------------------------------------
wait_quiet "before prepare"
"${JAVA[@]}" ScannerBench prepare "$BUILD" "$BENCH_VULNDATA" "${jar_paths[@]}"

wait_quiet "before measure"
"${JAVA[@]}" -Dbench.images="$BENCH_IMAGES" -Dbench.threads="$BENCH_THREADS" \
  -Dbench.parallelImages="$BENCH_PARALLEL_IMAGES" -Dbench.timeLimit="$BENCH_TIME_LIMIT" \
  ScannerBench measure "$BUILD" "$TARGET/measure.json"

wait_quiet "before profile"
"${JAVA[@]}" ScannerBench profile "$BUILD" "$TARGET/profile.json"

# ---- report --------------------------------------------------------------------------------------------
END=$(date +%s)
cpu_model=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
mem_gib=$(awk '/^MemTotal/{printf "%.0f", $2 / 1048576}' /proc/meminfo)
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | head -1)" ]]; then
  commit="$commit (with uncommitted changes)"
fi
quiet="Machine load (other processes, sampled for 3 s before each JVM): $(IFS=';'; echo "${QUIET_NOTES[*]}" | sed 's/;/; /g')."
java -cp "$CLASSES:$CP" \
  -Dbench.date="$(date -u '+%Y-%m-%d %H:%M UTC')" \
  -Dbench.machine="$(nproc) cores ($cpu_model), $mem_gib GiB RAM" \
  -Dbench.commit="Wharf commit $commit" \
  -Dbench.jar="$(date -u -r "$JAR" '+%Y-%m-%dT%H:%MZ')" \
  -Dbench.runSeconds="$((END - START))" \
  -Dbench.quiet="$quiet" \
  ScannerBench report "$TARGET/measure.json" "$TARGET/profile.json" "$RESULTS"

# summary on stdout: the header and the first table
awk '/^[|]/ {t = 1} t && /^$/ {exit} {print}' "$RESULTS/latest.md"
say "written $RESULTS/latest.md and $RESULTS/latest.json (run time $((END - START)) s)"
