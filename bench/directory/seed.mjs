// Seeds an organization whose directory (the Okta contract server at generation 0) is already imported:
// users, directory-sourced memberships, team and business-unit rows and DirectoryAccount rows with the
// same hash an import writes, in multi-row INSERTs of 5,000 (unnest arrays). Empties the (scratch) bench
// database first. Prints `ORG <id> ...`.
//   npx tsx bench/directory/seed.mjs <issuerUrl>
import { randomUUID } from "node:crypto";
import { db, disconnect } from "../../lib/db/client.ts";
import { createApiKey, createOrg, resetDb } from "../../lib/db/testing/fixtures.ts";
import { setMappings } from "../../lib/db/testing/scim-fixtures.ts";
import { orgContextForJob } from "../../lib/auth/org-context.ts";
import { putProvisioning } from "../../lib/provisioning/service.ts";
import { provisioningConfigSchema } from "../../lib/provisioning/schemas.ts";
import { createOktaAdapter } from "../../lib/directory/adapters/okta.ts";
import { loadGroupIndex, mappingSetupFor } from "../../lib/directory-sync/service.ts";
import { accountHash, desiredFor, relevantGroup, validatePeople } from "../../lib/directory-sync/plan.ts";
import { DEFAULT_DEPARTMENTS } from "../../lib/directory/testing/contract/common.ts";

const issuerUrl = process.argv[2];
if (!issuerUrl) throw new Error("usage: seed.mjs <issuerUrl>");
const t0 = performance.now();
await resetDb(); // the bench database is scratch: start from empty tables
const org = await createOrg(`Directory bench ${Date.now()}`);
const ctx = await orgContextForJob(org.id);
await putProvisioning(ctx, provisioningConfigSchema.parse({ provider: "okta", enabled: true, issuerUrl, apiToken: "bench-token" }));
await setMappings(org.id, {
  attributeRoleMappings: [
    { attributeType: "group", attributeValue: "Team 02", role: "admin" },
    { attributeType: "user", attributeName: "department", attributeValue: "Engineering", role: "developer" },
    { attributeType: "user", attributeValue: "*", role: "member" },
  ],
  attributeTeamMappings: [
    { attributeType: "group", attributeValue: "Team 03", team: "Platform" },
    { attributeType: "user", attributeName: "title", attributeValue: "Manager", team: "Managers" },
  ],
  attributeBusinessUnitMappings: DEFAULT_DEPARTMENTS.map((d) => ({ attributeType: "user", attributeName: "department", attributeValue: d, businessUnit: `${d} BU` })),
});

const c = await db();
const adapter = createOktaAdapter({ provider: "okta", issuerUrl, apiToken: "bench-token" });
const setup = await mappingSetupFor(ctx);
const index = await loadGroupIndex(adapter, relevantGroup(setup), 200);
const tIndex = performance.now();

async function ids(table, names) {
  if (!names.length) return new Map();
  await c.$executeRawUnsafe(
    `INSERT INTO "${table}" ("id", "orgId", "name", "updatedAt") SELECT gen_random_uuid(), $1::uuid, n, now() FROM unnest($2::text[]) AS n ON CONFLICT ("orgId", "name") DO NOTHING`,
    org.id, names,
  );
  const rows = await c.$queryRawUnsafe(`SELECT "id"::text, "name" FROM "${table}" WHERE "orgId" = $1::uuid AND "name" = ANY($2::text[])`, org.id, names);
  return new Map(rows.map((r) => [r.name, r.id]));
}

let buf = [];
let total = 0;
async function flush() {
  if (!buf.length) return;
  const rows = buf;
  buf = [];
  const teamIds = await ids("team", [...new Set(rows.flatMap((r) => r.desired.teams))]);
  const unitIds = await ids("business_unit", [...new Set(rows.flatMap((r) => r.desired.businessUnits))]);
  await c.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `INSERT INTO "user" ("id", "email", "name", "updatedAt") SELECT v.id, v.email, v.name, now() FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, email, name)`,
      rows.map((r) => r.userId), rows.map((r) => r.email), rows.map((r) => r.p.displayName ?? null),
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO "membership" ("id", "orgId", "userId", "role", "status", "source", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, v.uid, v.role, 'active', 'directory', now() FROM unnest($2::uuid[], $3::text[]) AS v(uid, role)`,
      org.id, rows.map((r) => r.userId), rows.map((r) => r.desired.role ?? setup.defaultRole),
    );
    const tm = rows.flatMap((r) => r.desired.teams.map((t) => [r.userId, teamIds.get(t)]));
    await tx.$executeRawUnsafe(
      `INSERT INTO "team_membership" ("id", "orgId", "teamId", "userId", "source") SELECT gen_random_uuid(), $1::uuid, v.t, v.u, 'directory' FROM unnest($2::uuid[], $3::uuid[]) AS v(u, t)`,
      org.id, tm.map((x) => x[0]), tm.map((x) => x[1]),
    );
    const bm = rows.flatMap((r) => r.desired.businessUnits.map((t) => [r.userId, unitIds.get(t)]));
    await tx.$executeRawUnsafe(
      `INSERT INTO "business_unit_membership" ("id", "orgId", "businessUnitId", "userId", "source") SELECT gen_random_uuid(), $1::uuid, v.t, v.u, 'directory' FROM unnest($2::uuid[], $3::uuid[]) AS v(u, t)`,
      org.id, bm.map((x) => x[0]), bm.map((x) => x[1]),
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO "directory_account" ("id", "orgId", "userId", "provider", "externalId", "email", "displayName", "directoryActive", "department", "orgUnit",
          "groups", "attributes", "hash", "status", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, v.uid, 'okta', v.ext, v.email, v.dn, v.active, v.dept, v.ou, v.groups::jsonb, v.attrs::jsonb, v.hash, 'active', now()
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS v(uid, ext, email, dn, active, dept, ou, groups, attrs, hash)`,
      org.id,
      rows.map((r) => r.userId), rows.map((r) => r.p.id), rows.map((r) => r.email), rows.map((r) => r.p.displayName ?? null),
      rows.map((r) => r.p.active), rows.map((r) => r.p.department ?? null), rows.map((r) => r.p.orgUnit ?? null),
      rows.map((r) => JSON.stringify(r.groups.map((g) => ({ id: g.id ?? null, name: g.displayName })))),
      rows.map((r) => JSON.stringify(r.p.attributes)), rows.map((r) => r.hash),
    );
  }, { timeout: 120_000 });
  total += rows.length;
}

// BENCH_KIND=import measures the import itself: the organization starts with no directory users.
let cursor = process.env.BENCH_KIND === "import" ? undefined : null;
if (cursor === null) do {
  const page = await adapter.listUsers({ kind: "all" }, { cursor, pageSize: 200 });
  const { valid } = validatePeople(page.items, index);
  for (const v of valid) {
    if (!v.person.active) continue;
    const desired = desiredFor(v.person, v.email, v.groups, setup);
    if (!desired.granted) continue;
    buf.push({ p: v.person, email: v.email, groups: v.groups, desired, hash: accountHash(v.person, v.email, v.groups, desired), userId: randomUUID() });
  }
  if (buf.length >= 5000) await flush();
  cursor = page.next ?? null;
} while (cursor);
await flush();
for (const t of ["user", "membership", "team_membership", "business_unit_membership", "directory_account"]) await c.$executeRawUnsafe(`VACUUM ANALYZE "${t}"`);
// For the HTTP mode: a key that may start runs (POST /api/v1/organizations/{id}/provisioning/runs).
const key = await createApiKey(org.id, ["provisioning:read", "provisioning:manage"]);
console.log(`KEY ${key.raw}`);
console.log(`ORG ${org.id} users=${total} seconds=${((performance.now() - t0) / 1000).toFixed(1)} groupIndexSeconds=${((tIndex - t0) / 1000).toFixed(1)}`);
await disconnect();
