-- Seeds :n SCIM users into organization :'org' the way POST /Users leaves them: a directory_user linked to a
-- Gatehouse user (matched by email) with an active, scim-sourced "member" membership. userName seed<k>-<i>@seed.test.
-- psql -v org=<uuid> -v n=100000 -v tag=a -f bench/scim/seed.sql
BEGIN;
CREATE TEMP TABLE seed_rows ON COMMIT DROP AS
  SELECT i, gen_random_uuid() AS uid, gen_random_uuid() AS did, 'seed' || :'tag' || '-' || i || '@seed.test' AS email
  FROM generate_series(1, :n) AS i;
INSERT INTO "user" (id, email, name, "createdAt", "updatedAt")
  SELECT uid, email, 'Seed User ' || i, now(), now() FROM seed_rows;
INSERT INTO membership (id, "orgId", "userId", role, status, source, "createdAt", "updatedAt")
  SELECT gen_random_uuid(), :'org', uid, 'member', 'active', 'scim', now(), now() FROM seed_rows;
INSERT INTO directory_user (id, "orgId", "userId", "userName", "userNameLower", "externalId", active, "displayName",
                            "givenName", "familyName", emails, "createdAt", "updatedAt")
  SELECT did, :'org', uid, email, email, 'ext-' || :'tag' || '-' || i, true, 'Seed User ' || i, 'Seed', 'User ' || i,
         jsonb_build_array(jsonb_build_object('value', email, 'type', 'work', 'primary', true)),
         now() - ((:n - i) * interval '1 millisecond'), now()
  FROM seed_rows;
COMMIT;
VACUUM ANALYZE "user"; VACUUM ANALYZE membership; VACUUM ANALYZE directory_user;
