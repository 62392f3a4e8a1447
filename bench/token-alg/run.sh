#!/usr/bin/env bash
# RS256 against ES256 for registry tokens, in CPU time per operation: the registry's side (Go's
# crypto, as Distribution 2.8 verifies a token on every request) and Wharf's (the JDK's providers,
# as Wharf signs a token and verifies it once). Key generation is taken out by running each
# benchmark at two counts and dividing the difference. See bench/README.md, "Token algorithm".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp sig_test.go go.mod "$work/"
(cd "$work" && go test -c -o sig.test >/dev/null)
cpu() { /usr/bin/time -f '%U %S' "$work/sig.test" -test.run x -test.bench "Verify$1" -test.benchtime "$2x" -test.cpu 1 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'; }
echo "registry side ($(go version | cut -d' ' -f3), the registry binary's: $(go version -m "$(command -v docker-registry)" 2>/dev/null | head -1 | awk '{print $2}')):"
for alg in RS256 ES256; do
  small=$(cpu "$alg" 2000); large=$(cpu "$alg" 12000)
  python3 -c "import sys; print(f'  {sys.argv[1]} verify: {(float(sys.argv[3]) - float(sys.argv[2])) / 10000 * 1e6:.0f} us CPU')" "$alg" "$small" "$large"
done
echo "Wharf side ($(java -version 2>&1 | head -1)):"
java Sig.java | sed 's/^/  /'
