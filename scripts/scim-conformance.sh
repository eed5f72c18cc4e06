#!/usr/bin/env bash
# Runs the public SCIM conformance suites (../shared/conformance: Microsoft's reference Postman collection
# with newman, Okta's SCIM 2.0 spec test) against a running Gatehouse, each on a fresh, empty organization
# with its own SCIM token, created in (and removed from) the server's database.
#   DATABASE_URL=... scripts/scim-conformance.sh http://127.0.0.1:PORT [--count-file FILE] [--keep]
# Ends with "N passed, N failed" (both suites together); exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
URL="${1:?usage: DATABASE_URL=... scripts/scim-conformance.sh http://127.0.0.1:PORT [--count-file FILE] [--keep]}"; shift
COUNT_FILE=""; KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --count-file) COUNT_FILE="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
: "${DATABASE_URL:?DATABASE_URL must point at the database the server at $URL uses}"
SUITES="${SCIM_CONFORMANCE_DIR:-../shared/conformance}"
BASE="${URL%/}/scim/v2"
OUT="${TMPDIR:-/tmp}/scim-conformance.$$"; mkdir -p "$OUT"
export NEWMAN_OUT="$OUT/newman"

orgs=()
new_org() { # prints "orgId token"
  npx --no-install tsx scripts/scim-conformance-org.ts create "SCIM conformance $1 $(date +%s%N)"
}
cleanup() {
  [ "$KEEP" = 1 ] && return
  for o in "${orgs[@]}"; do npx --no-install tsx scripts/scim-conformance-org.ts delete "$o" >/dev/null 2>&1 || true; done
  rm -rf "$OUT"
}
trap cleanup EXIT

# A dev server compiles each route on its first request and Okta's suite times /Groups (< 600 ms):
# touch every endpoint once, read-only, before the suites run.
warm_up() {
  for p in Users Groups ServiceProviderConfig ResourceTypes Schemas "Users/00000000-0000-0000-0000-000000000000"; do
    curl -s -o /dev/null -H "Authorization: Bearer $1" "$BASE/$p" || true
  done
}

passed=0; failed=0
run_suite() { # name, command...
  local name="$1"; shift
  echo "== $name"
  "$@" 2>&1 | tee "$OUT/$name.log"
  local last; last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$OUT/$name.log" | tail -1)
  if [ -z "$last" ]; then echo "# $name did not report a result"; failed=$((failed + 1)); return; fi
  passed=$((passed + $(echo "$last" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$last" | cut -d' ' -f3)))
}

read -r ORG1 TOKEN1 < <(new_org microsoft) || { echo "could not create an organization (is DATABASE_URL migrated?)"; echo "0 passed, 1 failed"; exit 1; }
orgs+=("$ORG1"); warm_up "$TOKEN1"
run_suite microsoft-newman bash "$SUITES/run-newman.sh" "$BASE" "$TOKEN1"

read -r ORG2 TOKEN2 < <(new_org okta) || { echo "could not create an organization"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }
orgs+=("$ORG2"); warm_up "$TOKEN2"
run_suite okta-spec node "$SUITES/run-okta-spec.mjs" --base "$BASE" --token "$TOKEN2"

[ -n "$COUNT_FILE" ] && printf '{"passed":%d,"failed":%d}\n' "$passed" "$failed" > "$COUNT_FILE"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
