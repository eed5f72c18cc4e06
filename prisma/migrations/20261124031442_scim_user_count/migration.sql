-- CreateTable
CREATE TABLE "scim_user_count" (
    "orgId" UUID NOT NULL,
    "slot" INTEGER NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,
    "changes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "scim_user_count_pkey" PRIMARY KEY ("orgId","slot")
);

-- Kept by statement triggers (hand-written, Prisma does not model triggers). The slot is the backend's, so
-- concurrent transactions on different connections never wait for each other on the counter. An
-- organization being deleted (cascade) is skipped, and its rows go with it.
-- Function bodies spell their semicolons as the E-string escape \073: Prisma's driver adapter splits
-- migration scripts at every semicolon character.
CREATE FUNCTION "scim_user_count_apply"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "scim_user_count" ("orgId", "slot", "n", "changes")
      SELECT r."orgId", pg_backend_pid() % 64, count(*), count(*) FROM new_rows r
       WHERE EXISTS (SELECT 1 FROM "organization" o WHERE o."id" = r."orgId") GROUP BY r."orgId"
      ON CONFLICT ("orgId", "slot") DO UPDATE
        SET "n" = "scim_user_count"."n" + EXCLUDED."n", "changes" = "scim_user_count"."changes" + EXCLUDED."changes"\073
  ELSE
    INSERT INTO "scim_user_count" ("orgId", "slot", "n", "changes")
      SELECT r."orgId", pg_backend_pid() % 64, -count(*), count(*) FROM old_rows r
       WHERE EXISTS (SELECT 1 FROM "organization" o WHERE o."id" = r."orgId") GROUP BY r."orgId"
      ON CONFLICT ("orgId", "slot") DO UPDATE
        SET "n" = "scim_user_count"."n" + EXCLUDED."n", "changes" = "scim_user_count"."changes" + EXCLUDED."changes"\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER "directory_user_count_insert" AFTER INSERT ON "directory_user"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "scim_user_count_apply"();
CREATE TRIGGER "directory_user_count_delete" AFTER DELETE ON "directory_user"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "scim_user_count_apply"();

CREATE FUNCTION "scim_user_count_org_deleted"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM "scim_user_count" WHERE "orgId" = OLD."id"\073
  RETURN NULL\073
END
';
CREATE TRIGGER "organization_scim_user_count" AFTER DELETE ON "organization"
  FOR EACH ROW EXECUTE FUNCTION "scim_user_count_org_deleted"();

INSERT INTO "scim_user_count" ("orgId", "slot", "n", "changes")
  SELECT "orgId", 0, count(*), count(*) FROM "directory_user" GROUP BY "orgId";

-- Cache invalidation (lib/db/cache-bus.ts): nodes that cache SCIM token lookups LISTEN on
-- gatehouse_invalidate. Whatever path revokes, changes or deletes a token, or deactivates, renames or
-- deletes an organization, notifies them at commit.
CREATE FUNCTION "gatehouse_notify_scim_token"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''gatehouse_invalidate'', ''scim_token:'' || OLD."tokenHash")\073
  RETURN NULL\073
END
';
CREATE TRIGGER "scim_token_invalidate_update" AFTER UPDATE ON "scim_token" FOR EACH ROW
  WHEN (OLD."revokedAt" IS DISTINCT FROM NEW."revokedAt" OR OLD."expiresAt" IS DISTINCT FROM NEW."expiresAt"
     OR OLD."scopes" IS DISTINCT FROM NEW."scopes" OR OLD."tokenHash" IS DISTINCT FROM NEW."tokenHash"
     OR OLD."orgId" IS DISTINCT FROM NEW."orgId" OR OLD."name" IS DISTINCT FROM NEW."name" OR OLD."prefix" IS DISTINCT FROM NEW."prefix")
  EXECUTE FUNCTION "gatehouse_notify_scim_token"();
CREATE TRIGGER "scim_token_invalidate_delete" AFTER DELETE ON "scim_token" FOR EACH ROW
  EXECUTE FUNCTION "gatehouse_notify_scim_token"();

CREATE FUNCTION "gatehouse_notify_organization"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''gatehouse_invalidate'', ''org:'' || OLD."id"::text)\073
  RETURN NULL\073
END
';
CREATE TRIGGER "organization_invalidate_update" AFTER UPDATE ON "organization" FOR EACH ROW
  WHEN (OLD."isActive" IS DISTINCT FROM NEW."isActive" OR OLD."name" IS DISTINCT FROM NEW."name" OR OLD."isProvider" IS DISTINCT FROM NEW."isProvider")
  EXECUTE FUNCTION "gatehouse_notify_organization"();
CREATE TRIGGER "organization_invalidate_delete" AFTER DELETE ON "organization" FOR EACH ROW
  EXECUTE FUNCTION "gatehouse_notify_organization"();
