#!/usr/bin/env bash
# Every test tier, from a fresh machine: unit, integration (real PostgreSQL 15), production build,
# e2e (Playwright + Debian Chromium + a local OpenID Provider). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 CI=${CI:-}
RESULTS="$ROOT/.test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

need_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then need_root apt-get update -qq >/dev/null; apt_updated=1; fi
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

echo "== prerequisites"
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "installing PostgreSQL 15 (Debian)"; apt_install postgresql-15 postgresql-client-15; }
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || { echo "installing Chromium (Debian)"; apt_install chromium; }
[ -d node_modules/next ] || npm install --no-audit --no-fund

echo "== PostgreSQL 15"
export PGPORT=${TEST_PGPORT:-54331} PGDATA="$ROOT/.pgdata"
bash scripts/pg-test.sh stop >/dev/null 2>&1 || true
DATABASE_URL=$(bash scripts/pg-test.sh start) || { echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
export DATABASE_URL
cleanup() { bash scripts/pg-test.sh stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
E2E_DATABASE_URL="${DATABASE_URL%/*}/app_e2e"
runuser_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
runuser_pg /usr/lib/postgresql/15/bin/createdb -h 127.0.0.1 -p "$PGPORT" -U app app_e2e 2>/dev/null || true

status=0
echo "== typecheck"
if npx tsc --noEmit > "$RESULTS/typecheck.log" 2>&1; then echo '{"passed":1,"failed":0}' > "$RESULTS/typecheck.count"; else cat "$RESULTS/typecheck.log" | head -40; echo '{"passed":0,"failed":1}' > "$RESULTS/typecheck.count"; status=1; fi

echo "== unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$RESULTS/unit.json" || status=1

echo "== integration tests (PostgreSQL 15)"
LOG_LEVEL=warn npx vitest run --project int --reporter=default --reporter=json --outputFile.json="$RESULTS/int.json" || status=1

echo "== production build"
if ! npx next build > "$RESULTS/build.log" 2>&1; then tail -60 "$RESULTS/build.log"; echo '{"passed":0,"failed":1}' > "$RESULTS/build.count"; status=1;
else echo '{"passed":1,"failed":0}' > "$RESULTS/build.count"
  echo "== e2e (Playwright, Chromium)"
  DATABASE_URL="$E2E_DATABASE_URL" npx prisma migrate deploy > "$RESULTS/e2e-migrate.log" 2>&1 || { cat "$RESULTS/e2e-migrate.log"; status=1; }
  E2E_DATABASE_URL="$E2E_DATABASE_URL" PLAYWRIGHT_JSON_OUTPUT_NAME="$RESULTS/e2e.json" npx playwright test --reporter=list,json || status=1

  echo "== SCIM conformance (Microsoft's and Okta's public suites, production build)"
  CONF_PORT=${CONF_PORT:-3010}
  DATABASE_URL="$E2E_DATABASE_URL" APP_URL="http://localhost:$CONF_PORT" AUTH_URL="http://localhost:$CONF_PORT" \
    AUTH_SECRET=conformance-secret-conformance-secret GATEHOUSE_DEV_INSECURE=1 SCIM_RATE_LIMIT=1000 \
    node --import tsx scripts/server.ts -H 127.0.0.1 -p "$CONF_PORT" > "$RESULTS/conformance-server.log" 2>&1 &
  CONF_PID=$!
  if node -e "import('./bench/lib.mjs').then(m => m.waitFor(process.argv[1], 60000))" "http://127.0.0.1:$CONF_PORT/login"; then
    DATABASE_URL="$E2E_DATABASE_URL" bash scripts/scim-conformance.sh "http://127.0.0.1:$CONF_PORT" --count-file "$RESULTS/scim-conformance.count" || status=1
  else
    echo "the server for the conformance suites did not start"; tail -30 "$RESULTS/conformance-server.log"
    echo '{"passed":0,"failed":1}' > "$RESULTS/scim-conformance.count"; status=1
  fi
  kill "$CONF_PID" 2>/dev/null; wait "$CONF_PID" 2>/dev/null
fi

node scripts/test-summary.mjs "$RESULTS" || status=1
exit $status
