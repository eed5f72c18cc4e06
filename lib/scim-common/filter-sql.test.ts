import { describe, expect, test } from "vitest";
import { parseAndResolveFilter } from "@/lib/scim/filter";
import { GROUP_RESOURCE, USER_RESOURCE, type ResourceSchema } from "@/lib/scim/schema";
import { filterToSql, Params } from "./filter-sql";
import { userTargets } from "@/lib/scim-users/store";
import { groupTargets } from "@/lib/scim-groups/store";

const BASE = "http://x.test/scim/v2";

/** The two-valued form (as under a NOT); `positive` is the top-level WHERE form. */
function sql(filter: string, rs: ResourceSchema = USER_RESOURCE, positive = false) {
  const r = parseAndResolveFilter(filter, rs);
  if (!r.ok) throw new Error(r.error.detail);
  const p = new Params(["org"]);
  const text = filterToSql(r.value.filter, rs === USER_RESOURCE ? userTargets(BASE) : groupTargets(BASE), p, positive);
  return { text, values: p.values.slice(1) };
}

describe("filterToSql", () => {
  test("as a top-level WHERE, comparisons go bare (index lookups); under NOT they stay two-valued", () => {
    expect(sql(`userName eq "Bob@Example.COM"`, USER_RESOURCE, true).text).toBe(`(u."userNameLower" = $2::text)`);
    expect(sql(`userName eq "a" or externalId eq "b"`, USER_RESOURCE, true).text).toBe(`((u."userNameLower" = $2::text) OR (u."externalId" = $3::text))`);
    expect(sql(`not (userName eq "a")`, USER_RESOURCE, true).text).toBe(`(NOT COALESCE((u."userNameLower" = $2::text), FALSE))`);
    expect(sql(`emails[value eq "a"]`, USER_RESOURCE, true).text).not.toContain("COALESCE");
  });
  test("userName eq uses the lower-cased column (the unique index) with a lower-cased value", () => {
    expect(sql(`userName eq "Bob@Example.COM"`)).toEqual({ text: `COALESCE((u."userNameLower" = $2::text), FALSE)`, values: ["bob@example.com"] });
  });

  test("externalId is case-exact; displayName folds case", () => {
    expect(sql(`externalId eq "AbC"`)).toEqual({ text: `COALESCE((u."externalId" = $2::text), FALSE)`, values: ["AbC"] });
    expect(sql(`displayName eq "Bob"`).text).toBe(`COALESCE((lower(u."displayName") = $2::text), FALSE)`);
  });

  test("co/sw/ew escape LIKE metacharacters", () => {
    expect(sql(`userName co "50%_off\\\\"`).values).toEqual(["%50\\%\\_off\\\\%"]);
    expect(sql(`userName sw "a"`).values).toEqual(["a%"]);
    expect(sql(`userName ew "a"`).values).toEqual(["%a"]);
  });

  test("ne and not stay two-valued (absent attributes match ne)", () => {
    expect(sql(`title ne "x"`).text).toBe(`COALESCE(NOT COALESCE((lower((u."attributes"->>'title')) = $2::text), FALSE), FALSE)`);
    expect(sql(`not (active eq true)`).text).toBe(`(NOT COALESCE((u."active" = $2::boolean), FALSE))`);
  });

  test("value paths and multi-valued sub-attributes become EXISTS over the JSON array", () => {
    const r = sql(`emails[type eq "work" and value co "@x.com"]`);
    expect(r.text).toContain(`EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(u."emails") = 'array' THEN u."emails" ELSE '[]'::jsonb END) AS e WHERE TRUE AND (`);
    expect(r.values).toEqual(["work", "%@x.com%"]);
    expect(sql(`emails co "x"`).text).toContain(`lower((e->>'value')) LIKE $2::text`);
    expect(sql(`emails pr`).text).toMatch(/^EXISTS \(SELECT 1 FROM jsonb_array_elements/);
  });

  test("Entra's emails[type eq \"work\"].value eq \"x\" is one element matching both", () => {
    const r = sql(`emails[type eq "work"].value eq "A@B.C"`);
    expect(r.values).toEqual(["work", "a@b.c"]);
    expect(r.text.match(/EXISTS/g)).toHaveLength(1);
  });

  test("meta dates compare as UTC timestamps; id compares as a uuid or never matches", () => {
    expect(sql(`meta.lastModified gt "2020-01-01T00:00:00Z"`).text).toBe(`COALESCE((u."updatedAt" > ($2::timestamptz AT TIME ZONE 'UTC')), FALSE)`);
    expect(sql(`id eq "3f1c7f0e-6c6b-4f0a-9d1e-2b4f5a6c7d8e"`).text).toBe(`COALESCE((u."id" = $2::uuid), FALSE)`);
    expect(sql(`id eq "not-a-uuid"`).text).toBe("COALESCE(FALSE, FALSE)");
  });

  test("enterprise attributes read the flat profile; manager.value is its id", () => {
    const ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    expect(sql(`${ent}:department eq "R&D"`).text).toBe(`COALESCE((lower((u."profile"->>'department')) = $2::text), FALSE)`);
    expect(sql(`${ent}:manager.value eq "m1"`).text).toBe(`COALESCE(((u."profile"->>'manager') = $2::text), FALSE)`);
  });

  test("and/or keep their grouping; pr and eq null", () => {
    const r = sql(`name.familyName eq "Employee" and (emails.value co "example.com" or emails.value co "example.org")`);
    expect(r.text).toMatch(/^\(COALESCE\(\(lower\(u\."familyName"\) = \$2::text\), FALSE\) AND \(EXISTS .* OR EXISTS .*\)\)$/);
    expect(sql(`title pr`).text).toBe(`((u."attributes"->>'title') IS NOT NULL AND (u."attributes"->>'title') <> '')`);
    expect(sql(`title eq null`).text).toBe(`COALESCE(NOT ((u."attributes"->>'title') IS NOT NULL AND (u."attributes"->>'title') <> ''), FALSE)`);
  });

  test("groups: displayName uses the lower-cased column; members[value eq] probes the member table", () => {
    expect(sql(`displayName eq "Admins"`, GROUP_RESOURCE).values).toEqual(["admins"]);
    const m = sql(`members[value eq "3f1c7f0e-6c6b-4f0a-9d1e-2b4f5a6c7d8e"]`, GROUP_RESOURCE);
    expect(m.text).toBe(`EXISTS (SELECT 1 FROM "directory_group_member" gm WHERE gm."groupId" = g."id" AND COALESCE((gm."directoryUserId" = $2::uuid), FALSE))`);
  });

  test("values are always bound, never spliced into the text", () => {
    const r = sql(`userName eq "x'; DROP TABLE directory_user; --"`);
    expect(r.text).not.toContain("DROP");
  });
});
