#!/usr/bin/env bash
# Pre-release only (nothing has shipped yet): rebuilds the single initial migration from schema.prisma.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
mkdir -p prisma/migrations/20261124000000_init
npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null > prisma/migrations/20261124000000_init/migration.sql.tmp
mv prisma/migrations/20261124000000_init/migration.sql.tmp prisma/migrations/20261124000000_init/migration.sql
printf 'provider = "postgresql"\n' > prisma/migrations/migration_lock.toml
npx prisma generate >/dev/null 2>&1
echo "regenerated prisma/migrations/20261124000000_init"
