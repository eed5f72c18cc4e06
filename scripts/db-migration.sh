#!/usr/bin/env bash
# Creates a migration from the difference between prisma/migrations and prisma/schema.prisma.
#   npm run db:migrate -- <name>
# Uses `migrate diff` (Wasm engine; no binary download). Migrations are never edited after merge.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: npm run db:migrate -- <name>}
export CHECKPOINT_DISABLE=1
mkdir -p prisma/migrations
if compgen -G "prisma/migrations/*/migration.sql" >/dev/null; then
  sql=$(npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null)
else
  sql=$(npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null)
fi
if ! grep -qvE '^\s*(--.*)?$' <<<"$sql"; then echo "No schema changes."; exit 0; fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
[ -f prisma/migrations/migration_lock.toml ] || printf 'provider = "postgresql"\n' > prisma/migrations/migration_lock.toml
echo "Created $dir/migration.sql"
