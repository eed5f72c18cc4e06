#!/usr/bin/env bash
# Issue #2 benchmark: production build (next build, then the production server scripts/server.ts) on PostgreSQL 15, measured at
# 1,000 and at 10,000 organizations (100,000 memberships). Results: bench/results/orgs-*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 NEXT_DIST_DIR=.next-bench
export PGPORT=${BENCH_PGPORT:-54340} PGDATA="$PWD/.pgdata-bench"
PORT=${BENCH_PORT:-3200}
export BASE_URL="http://localhost:$PORT"
bash scripts/pg-test.sh stop >/dev/null 2>&1 || true
export DATABASE_URL=$(bash scripts/pg-test.sh start)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; bash scripts/pg-test.sh stop >/dev/null 2>&1; return 0; }
trap cleanup EXIT
npx prisma migrate deploy >/dev/null
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || npx next build >/tmp/gatehouse-bench-build.log 2>&1 || { tail -40 /tmp/gatehouse-bench-build.log; exit 1; }
AUTH=$(npx tsx bench/setup-auth.ts | tail -1)
export BENCH_API_KEY=$(node -e "console.log(JSON.parse(process.argv[1]).apiKey)" "$AUTH")
APP_URL=$BASE_URL AUTH_URL=$BASE_URL AUTH_SECRET=bench-secret-bench-secret-bench-secret GATEHOUSE_DEV_INSECURE=1 \
  node --import tsx scripts/server.ts -H 127.0.0.1 -p "$PORT" >/tmp/gatehouse-bench-server.log 2>&1 &
SERVER_PID=$!
node -e "import('./bench/lib.mjs').then(m => m.waitFor(process.argv[1]))" "$BASE_URL/login"
export BENCH_COOKIE=$(node bench/login.mjs "$AUTH" 2>/dev/null || true)
[ -n "$BENCH_COOKIE" ] || echo "(no session cookie: page TTFB not measured)"
out="bench/results/orgs-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "[" > "$out"
node bench/seed-orgs.mjs 1000 10000
node bench/orgs.mjs "1k orgs / 10k memberships" | tee -a "$out"
echo "," >> "$out"
node bench/seed-orgs.mjs 10000 100000
node bench/orgs.mjs "10k orgs / 100k memberships" | tee -a "$out"
echo "]" >> "$out"
node bench/report.mjs "$out"
inv="bench/results/invitations-$(date -u +%Y%m%dT%H%M%SZ).json"
node bench/invitations-http.mjs | tee "$inv"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const f = (s) => `p50 ${s.p50} / p95 ${s.p95} ms`;
console.log(`bulk invitation of 50 (target < 500 ms): server ${f(r.bulk50.server)}, client ${f(r.bulk50.client)}`);
console.log(`list invitations, 10k in org (target p95 < 50 ms): server ${f(r.list.server)}, client ${f(r.list.client)}`);' "$inv"
