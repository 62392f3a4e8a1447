#!/usr/bin/env bash
# Prepares the Liberty server that Arquillian manages for the resource tests: Wharf's own
# server.xml without the application (Arquillian deploys the EAR), plus the local connector
# Arquillian talks to. It shares the test stack's Redis, registry and token key, with its own
# Derby database, so the registry trusts the tokens it signs. It neither reconciles on start nor
# shares the job queue: the registry's content and the queue belong to the main test stack.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
: "${WHARF_HOME:?}" "${ARQ_HTTP_PORT:?}" "${ARQ_HTTPS_PORT:?}" "${WHARF_ADMIN_PASSWORD:?}"
USR="$WHARF_HOME/arquillian/usr"
SERVER="$USR/servers/${ARQ_SERVER_NAME:-wharf-arquillian}"
rm -rf "$WHARF_HOME/arquillian"
mkdir -p "$SERVER/jdbc" "$SERVER/dropins" "$WHARF_HOME/arquillian/home/secret"
# (Arquillian deploys into dropins and relies on Liberty's polling monitors: Wharf's own settings for them are dropped.)
sed -e '/<enterpriseApplication /d' -e '/<applicationMonitor /d' -e '/<config /d' "$ROOT/src/main/liberty/config/server.xml" \
  | sed 's#</server>#  <featureManager><feature>localConnector-1.0</feature></featureManager>\n</server>#' >"$SERVER/server.xml"
cp "$ROOT"/ear/target/jdbc/*.jar "$SERVER/jdbc/"
cp "$ROOT"/src/main/liberty/config/datasource-*.xml "$SERVER/"
cat >"$SERVER/bootstrap.properties" <<PROPS
wharf.home=$WHARF_HOME/arquillian/home
wharf.host=127.0.0.1
wharf.http.port=$ARQ_HTTP_PORT
wharf.https.port=$ARQ_HTTPS_PORT
wharf.db.type=derby
PROPS
umask 077
cat >"$SERVER/server.env" <<ENV
WHARF_REGISTRY_URL=http://127.0.0.1:$(cat "$WHARF_HOME/run/registry.port")
WHARF_REDIS_URL=redis://127.0.0.1:$(cat "$WHARF_HOME/run/redis.port")
WHARF_CORE_URL=http://127.0.0.1:$ARQ_HTTP_PORT
WHARF_TOKEN_KEY=$WHARF_HOME/secret/token.key
WHARF_TOKEN_CERT=$WHARF_HOME/secret/token.crt
WHARF_INTERNAL_SECRET=$(cat "$WHARF_HOME/secret/internal.secret")
WHARF_KEYSTORE_PASSWORD=$(cat "$WHARF_HOME/secret/keystore.password")
WHARF_ADMIN_PASSWORD=$WHARF_ADMIN_PASSWORD
JOBSERVICE_NAMESPACE=wharf-arquillian
WHARF_RECONCILE_ON_START=false
VULNDB_SOURCES=none
ENV
echo "arquillian server prepared in $SERVER"
