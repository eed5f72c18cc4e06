// Seeds N organizations with M memberships in total straight through SQL (generate_series), fast and
// idempotent per run: `node bench/seed-orgs.mjs <orgs> <memberships>` against DATABASE_URL.
// Organizations are named "Bench Org 00001" …; users bench-user-N@bench.test.
import pg from "pg";

const [orgs, memberships] = process.argv.slice(2).map(Number);
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const have = Number((await client.query("SELECT count(*) FROM organization WHERE slug LIKE 'bench-org-%'")).rows[0].count);
if (orgs > have) {
  await client.query(
    `INSERT INTO organization (id, name, slug, domain, "isProvider", "isActive", "defaultRole", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), 'Bench Org ' || lpad(i::text, 5, '0'), 'bench-org-' || i, 'bench' || i || '.test', false,
            (i % 17) <> 0, 'member', now() - (i || ' seconds')::interval, now()
     FROM generate_series($1::int, $2::int) AS i`,
    [have + 1, orgs],
  );
}
const users = Math.ceil(memberships / 5);
const haveUsers = Number((await client.query("SELECT count(*) FROM \"user\" WHERE email LIKE 'bench-user-%'")).rows[0].count);
if (users > haveUsers) {
  await client.query(
    `INSERT INTO "user" (id, email, name, "isPlatformAdmin", "isActive", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), 'bench-user-' || i || '@bench.test', 'Bench User ' || i, false, true, now(), now()
     FROM generate_series($1::int, $2::int) AS i`,
    [haveUsers + 1, users],
  );
}
const haveM = Number((await client.query("SELECT count(*) FROM membership m JOIN organization o ON o.id = m.\"orgId\" WHERE o.slug LIKE 'bench-org-%'")).rows[0].count);
if (memberships > haveM) {
  // Spread memberships evenly: membership k joins org (k mod orgs) with user (k div 5), roles cycling.
  await client.query(
    `WITH o AS (SELECT id, row_number() OVER (ORDER BY slug) - 1 AS n FROM organization WHERE slug LIKE 'bench-org-%'),
          u AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM "user" WHERE email LIKE 'bench-user-%')
     INSERT INTO membership (id, "orgId", "userId", role, status, source, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), o.id, u.id, (ARRAY['owner','admin','member','member','developer'])[1 + (k % 5)], 'active', 'manual', now(), now()
     FROM generate_series($1::int, $2::int) AS k
     JOIN o ON o.n = k % $3
     JOIN u ON u.n = (k / 5) % $4
     ON CONFLICT DO NOTHING`,
    [haveM, memberships - 1, orgs, users],
  );
}
await client.query("ANALYZE");
const counts = (await client.query(`SELECT (SELECT count(*) FROM organization) AS orgs, (SELECT count(*) FROM membership) AS memberships`)).rows[0];
console.log(JSON.stringify({ organizations: Number(counts.orgs), memberships: Number(counts.memberships) }));
await client.end();
