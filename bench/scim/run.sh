#!/usr/bin/env bash
# Issue #5 SCIM benchmark: production build (next build, then the production server scripts/server.ts) on a throwaway PostgreSQL 15, two
# organizations of 100,000 SCIM users each, measured at concurrency 16 by bench/scim/scim.mjs.
# Results: bench/results/scim-<time>.json and a table.  BENCH_SKIP_BUILD=1 reuses $NEXT_DIST_DIR (.next-bench-scim).
# BENCH_PEER=1 also runs the same script against @boxyhq/saml-jackson (bench/scim/peer-jackson.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench-scim}
export PGPORT=${BENCH_PGPORT:-54350} PGDATA=${BENCH_PGDATA:-/tmp/gh-scim-pg}
PORT=${BENCH_PORT:-3250}
USERS=${BENCH_USERS:-100000}
BASE_URL="http://127.0.0.1:$PORT"
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U app -d app -v ON_ERROR_STOP=1 -q)
bash scripts/pg-test.sh stop >/dev/null 2>&1 || true
export DATABASE_URL=$(bash scripts/pg-test.sh start)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill -- -"$SERVER_PID" 2>/dev/null; bash scripts/pg-test.sh stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
npx prisma migrate deploy >/dev/null
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || npx next build >/tmp/gatehouse-scim-bench-build.log 2>&1 || { tail -40 /tmp/gatehouse-scim-bench-build.log; exit 1; }
read -r ORG_A TOKEN_A < <(npx tsx scripts/scim-conformance-org.ts create "SCIM bench A" | tail -1)
read -r ORG_B TOKEN_B < <(npx tsx scripts/scim-conformance-org.ts create "SCIM bench B" | tail -1)
t0=$(date +%s)
"${PSQL[@]}" -v org="$ORG_A" -v n="$USERS" -v tag=a -f bench/scim/seed.sql
"${PSQL[@]}" -v org="$ORG_B" -v n="$USERS" -v tag=b -f bench/scim/seed.sql
echo "seeded 2 x $USERS users in $(( $(date +%s) - t0 )) s"
APP_URL=$BASE_URL AUTH_URL=$BASE_URL AUTH_SECRET=bench-secret-bench-secret-bench-secret GATEHOUSE_DEV_INSECURE=1 \
  SCIM_RATE_LIMIT=${BENCH_SCIM_RATE:-100000} DB_POOL_MAX=${BENCH_DB_POOL:-20} setsid node --import tsx scripts/server.ts -H 127.0.0.1 -p "$PORT" >/tmp/gatehouse-scim-bench-server.log 2>&1 &
SERVER_PID=$!
node -e "import('./bench/lib.mjs').then(m => m.waitFor(process.argv[1]))" "$BASE_URL/scim/v2/ServiceProviderConfig"
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/scim-$stamp.json"
BENCH_OUT="$out" node bench/scim/scim.mjs "$BASE_URL/scim/v2" "$TOKEN_A" "gatehouse" >/dev/null
kill -- -"$SERVER_PID" 2>/dev/null; SERVER_PID=""
# The other organization is untouched by the run.
"${PSQL[@]}" -tAc "SELECT 'org B users: ' || count(*) FROM directory_user WHERE \"orgId\" = '$ORG_B'"
if [ "${BENCH_PEER:-}" = 1 ]; then
  peer="bench/results/scim-jackson-$stamp.json"
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE jackson"
  export JACKSON_DB_URL="postgresql://app@127.0.0.1:$PGPORT/jackson" BENCH_USERS="$USERS"
  # jackson stores each group membership as its own row: filling 16 groups of 10,000 takes minutes, so 4.
  BENCH_OUT="$peer" BENCH_CLEANUP=0 BENCH_GROUPS=${BENCH_PEER_GROUPS:-4} node bench/scim/peer-jackson.mjs && node bench/scim/report.mjs "$out" "$peer"
else
  node bench/scim/report.mjs "$out"
fi
