#!/usr/bin/env bash
# The scanner-coverage benchmark of issue 15 (not a test, not in CI): see bench/scanner/README.md,
# "Coverage targets (issue 15)". Run once by hand:
#
#   bench/scanner/coverage.sh            # rpm cold scan, then the 2 GiB image; figures in results/coverage-*.json
#
# Needs rpm and rpmbuild (Debian packages rpm) and the Go binaries listed below (Debian golang-go, podman, skopeo,
# buildah, umoci, docker-registry; Google Cloud SDK's tools where present: any missing one is left out and the
# count says so). The case "1,000 images sharing a base" is run.sh's (c).
# Generated data lives in COVERAGE_WORK (default /tmp/wharf-bench-coverage) and is deleted at the end
# (COVERAGE_KEEP=1 keeps it). COVERAGE_STEP=prepare only prepares (and keeps) the data, so that the
# measurement (COVERAGE_STEP=measure, or the default all) can wait for a quiet machine. Settings: COVERAGE_HEAP (-Xmx of the big-image scan, 256m), COVERAGE_BYTES
# (2 GiB), COVERAGE_FILES (100000), COVERAGE_RPM_FILES (files per rpm package, 80).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${COVERAGE_WORK:-/tmp/wharf-bench-coverage}"
HEAP="${COVERAGE_HEAP:-256m}"
BYTES="${COVERAGE_BYTES:-2147483648}"
FILES="${COVERAGE_FILES:-100000}"
RPM_FILES="${COVERAGE_RPM_FILES:-80}"
VULNDATA="${BENCH_VULNDATA:-/work/shared/vulndata}"
RESULTS="$HERE/results"
JAR="$ROOT/scanner/target/wharf-scanner-0.1.0-SNAPSHOT.jar"
CP="$JAR:$ROOT/scanner/target/lib/*"
M2="${HOME}/.m2/repository"
say() { printf 'coverage-bench: %s\n' "$*" >&2; }

[[ -f "$JAR" ]] || { say "no $JAR: build the scanner first (./mvnw -B -o -DskipTests package -pl scanner)"; exit 1; }
mkdir -p "$WORK" "$RESULTS"
STEP="${COVERAGE_STEP:-all}"
[[ "${COVERAGE_KEEP:-0}" == 1 || "$STEP" == prepare ]] || trap 'rm -rf "$WORK"' EXIT
CLASSES="$WORK/classes"
mkdir -p "$CLASSES"
javac -nowarn -d "$CLASSES" -cp "$CP" "$HERE"/src/*.java
JAVA=(java "-Dderby.stream.error.file=$WORK/derby.log" -cp "$CLASSES:$CP")

# 30 real jars from the local Maven repository (newest version of each artifact; the first ones are versions
# with published advisories).
jars="$WORK/jars.txt"
: >"$jars"
for p in org/springframework/spring-beans/5.3.17 org/springframework/spring-core/5.3.17 \
         org/apache/logging/log4j/log4j-core/2.14.1 com/fasterxml/jackson/core/jackson-databind/2.9.8 \
         org/apache/commons/commons-text/1.9; do
  ls "$M2/$p"/*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 >>"$jars" || true
done
for a in jackson-core jackson-annotations jackson-databind guava commons-lang3 commons-lang commons-io commons-codec \
         commons-collections commons-compress commons-beanutils commons-math3 httpclient httpcore httpclient5 \
         netty-buffer netty-common netty-handler netty-transport netty-codec snakeyaml kotlin-stdlib derby \
         jetty-server jetty-util jetty-http slf4j-api asm byte-buddy junit log4j-api; do
  [[ $(wc -l <"$jars") -ge 30 ]] && break
  f=$(find "$M2" -path "*/$a/*" -name "$a-[0-9]*.jar" ! -name '*-sources*' ! -name '*-javadoc*' ! -name '*-tests*' \
      | sort -V | tail -1)
  [[ -n "$f" ]] && ! grep -qxF "$f" "$jars" && echo "$f" >>"$jars"
done
say "$(wc -l <"$jars") jars"

# 20 real Go binaries (Go's build information embedded)
gos="$WORK/go.txt"
: >"$gos"
for f in /usr/bin/anthoscli /usr/bin/buildah /usr/bin/cbt /usr/bin/docker-registry /usr/bin/gcloud-crc32c \
         /usr/bin/gke-gcloud-auth-plugin /usr/lib/go-1.19/bin/go /usr/lib/go-1.19/bin/gofmt /usr/bin/kpt \
         /usr/bin/kubectl /usr/bin/local-extract /usr/bin/podman /usr/bin/skopeo /usr/bin/umoci \
         /usr/lib/go-1.19/pkg/tool/linux_amd64/{addr2line,asm,compile,link,vet,pprof}; do
  [[ -f "$f" ]] && go version "$f" >/dev/null 2>&1 && echo "$f" >>"$gos"
done
say "$(wc -l <"$gos") Go binaries"

# ---- preparation (not timed): vulnerability database, rpm database, the big image
[[ -d "$WORK/vulndb" ]] || "${JAVA[@]}" CoverageBench import "$WORK/vulndb" "$VULNDATA"
if [[ ! -f "$WORK/image/layers.txt" ]]; then
  "${JAVA[@]}" -Xmx1g CoverageBench generate "$WORK/image" "$BYTES" "$FILES" "$jars" "$gos"
fi
if [[ ! -f "$WORK/rpmdb/rpmdb.sqlite" ]]; then
  "$HERE/coverage/make-rpmdb.sh" "$HERE/coverage/ubi9-packages.txt" "$WORK/rpmdb" "$RPM_FILES"
fi
say "rpmdb: $(rpm -qa --dbpath "$WORK/rpmdb" | wc -l) packages, $(stat -c %s "$WORK/rpmdb/rpmdb.sqlite") bytes"
rm -f "$WORK/rpmdb/rpmdb.sqlite-shm" "$WORK/rpmdb/rpmdb.sqlite-wal"

[[ "$STEP" == prepare ]] && { say "prepared in $WORK"; exit 0; }

# ---- measurements, each in a fresh JVM
stamp=$(date -u +%Y-%m-%dT%H%MZ)
say "load before rpm: $(cut -d' ' -f1-3 /proc/loadavg)"
"${JAVA[@]}" -Xmx512m CoverageBench rpm "$WORK/vulndb" "$WORK/rpmdb/rpmdb.sqlite" "$RESULTS/coverage-rpm.json"
say "load after rpm: $(cut -d' ' -f1-3 /proc/loadavg)"
say "load before big image: $(cut -d' ' -f1-3 /proc/loadavg)"
"${JAVA[@]}" "-Xmx$HEAP" "-Xlog:gc:file=$WORK/gc.log" CoverageBench big "$WORK/vulndb" "$WORK/image" \
  "$RESULTS/coverage-big.json"
say "load after big image: $(cut -d' ' -f1-3 /proc/loadavg)"
cp "$WORK/image/layers.txt" "$RESULTS/coverage-big-layers.txt"
grep -E "Pause (Young|Full)" "$WORK/gc.log" | tail -3 >&2 || true
say "GC log: $(grep -c Pause "$WORK/gc.log") pauses; largest heap after a pause: $(grep -oE '[0-9]+M->[0-9]+M' "$WORK/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1) MiB"
say "done $stamp"
