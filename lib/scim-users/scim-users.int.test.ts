// /scim/v2/Users through the real route handlers against PostgreSQL: the Okta and Entra request
// sequences, filters and paging, ETags, isolation between two organizations, concurrency, and what a
// SCIM write changes inside Gatehouse (memberships, roles, teams, sessions, API keys).
import { beforeEach, describe, expect, test } from "vitest";
import { addMember, auditEvents, createMember, createOrg, createUser, resetDb } from "@/lib/db/testing/fixtures";
import {
  addTeamMembership,
  apiKeyRow,
  businessUnitNames,
  countDirectoryUsers,
  createApiKeyBy,
  createCustomRole,
  createScimToken,
  createSessionFor,
  directoryUserRow,
  membershipOf,
  scim,
  sessionRow,
  setMappings,
  teamNames,
  userByEmail,
} from "@/lib/db/testing/scim-fixtures";
import { resetScimRateLimiter } from "@/lib/http/scim";
import * as Users from "@/app/scim/v2/Users/[[...id]]/route";
import * as entra from "@/lib/scim/fixtures/entra";
import * as okta from "@/lib/scim/fixtures/okta";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

let orgA: { id: string };
let orgB: { id: string };
let tokenA: string;
let tokenB: string;

beforeEach(async () => {
  await resetDb();
  resetScimRateLimiter();
  orgA = await createOrg("Acme");
  orgB = await createOrg("Globex");
  tokenA = (await createScimToken(orgA.id)).raw;
  tokenB = (await createScimToken(orgB.id)).raw;
});

const post = (token: string, body: unknown) => scim(Users.POST, { method: "POST", path: "/Users", token, body });
const get = (token: string, path: string) => scim(Users.GET, { path, token });
const patch = (token: string, id: string, body: unknown, headers?: Record<string, string>) =>
  scim(Users.PATCH, { method: "PATCH", path: `/Users/${id}`, token, body, headers });
const put = (token: string, id: string, body: unknown, headers?: Record<string, string>) =>
  scim(Users.PUT, { method: "PUT", path: `/Users/${id}`, token, body, headers });
const del = (token: string, id: string, headers?: Record<string, string>) => scim(Users.DELETE, { method: "DELETE", path: `/Users/${id}`, token, headers });
const filter = (token: string, f: string, extra = "") => get(token, `/Users?filter=${encodeURIComponent(f)}${extra}`);
const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const user = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });

describe("Okta", () => {
  test("create with a password, look up by userName, GET then PUT, deactivate and reactivate", async () => {
    const created = await post(tokenA, okta.oktaCreateUser);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(created.json.meta.location);
    expect(created.headers.get("etag")).toBe('W/"1"');
    expect(created.json).toMatchObject({ userName: "test.user@okta.local", active: true, name: { givenName: "Test", familyName: "User" }, externalId: "00ujl29u0le5T6Aj10h7" });
    expect(created.json).not.toHaveProperty("password");
    const id = created.json.id as string;

    const found = await filter(tokenA, okta.oktaFilters.userByUserName);
    expect(found.json).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    // RFC 7643: userName is case-insensitive.
    expect((await filter(tokenA, `userName eq "TEST.USER@OKTA.LOCAL"`)).json.totalResults).toBe(1);

    // Okta's GET-then-PUT: the whole user comes back with the read-only id, groups and the password.
    const current = await get(tokenA, `/Users/${id}`);
    const replaced = await put(tokenA, id, { ...okta.oktaReplaceUser, id });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ id, name: { givenName: "Another" }, displayName: "Another User", meta: { version: 'W/"2"', created: current.json.meta.created } });
    expect(replaced.text).not.toContain(okta.oktaReplaceUser.password);

    // The Gatehouse user is the email's, with a scim-sourced membership.
    const gh = await userByEmail("test.user@okta.local");
    expect(gh).not.toBeNull();
    expect(await membershipOf(orgA.id, gh!.id)).toMatchObject({ role: "member", status: "active", source: "scim" });

    const off = await patch(tokenA, id, okta.oktaDeactivateUser, { "user-agent": "Okta SCIM Client 1.0.0" });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect(await membershipOf(orgA.id, gh!.id)).toMatchObject({ status: "suspended" });

    const on = await patch(tokenA, id, okta.oktaReactivateUser);
    expect(on.status).toBe(204);
    expect(await membershipOf(orgA.id, gh!.id)).toMatchObject({ status: "active" });

    const pw = await patch(tokenA, id, okta.oktaChangePassword);
    expect(pw.status).toBe(204);
    expect((await directoryUserRow(id))!.passwordHash).toMatch(/^\$argon2id\$/);

    const actions = (await auditEvents(orgA.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["scim.user_created", "scim.user_updated", "scim.user_suspended", "scim.user_reactivated"]));
  });
});

describe("Microsoft Entra ID", () => {
  test("the provisioning cycle with Entra's request bodies", async () => {
    const created = await post(tokenA, entra.entraCreateUser);
    expect(created.status).toBe(201);
    const id = created.json.id as string;

    expect((await filter(tokenA, entra.entraFilters.userByExternalId)).json.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await filter(tokenA, entra.entraFilters.userByWorkEmail)).json.totalResults).toBe(1);
    expect((await filter(tokenA, entra.entraFilters.userNoResults)).json).toMatchObject({ totalResults: 0, Resources: [] });

    expect((await patch(tokenA, id, entra.entraPatchUserMultiValued)).status).toBe(204);
    let u = (await get(tokenA, `/Users/${id}`)).json;
    expect(u.emails).toEqual([{ value: "updatedEmail@microsoft.com", type: "work", primary: true }]);
    expect(u.name.familyName).toBe("updatedFamilyName");
    expect((await filter(tokenA, `emails[type eq "work"].value eq "UPDATEDEMAIL@microsoft.com"`)).json.totalResults).toBe(1);

    await patch(tokenA, id, entra.entraReplaceManyDotted);
    u = (await get(tokenA, `/Users/${id}`)).json;
    expect(u).toMatchObject({ displayName: "Pvlo", externalId: "Eqpj", name: { givenName: "Gtfd", familyName: "Pkqf" }, [ENT]: { employeeNumber: "Eoys" } });
    expect(u.schemas).toEqual([USER, ENT]);

    await patch(tokenA, id, entra.entraSetManager);
    u = (await get(tokenA, `/Users/${id}`)).json;
    expect(u[ENT].manager).toEqual({ value: "2819c223-7f76-453a-919d-413861904646" });
    expect((await filter(tokenA, `${ENT}:manager.value eq "2819c223-7f76-453a-919d-413861904646"`)).json.totalResults).toBe(1);
    await patch(tokenA, id, entra.entraRemoveManager);
    expect((await get(tokenA, `/Users/${id}`)).json[ENT]).toEqual({ employeeNumber: "Eoys" });

    await patch(tokenA, id, entra.entraDisableUserLegacy);
    expect((await get(tokenA, `/Users/${id}`)).json.active).toBe(false);
    expect((await filter(tokenA, `active eq "False"`)).json.totalResults).toBe(1);

    const gone = await del(tokenA, id);
    expect(gone.status).toBe(204);
    expect((await get(tokenA, `/Users/${id}`)).status).toBe(404);
    expect((await del(tokenA, id)).status).toBe(404);
    // The userName is free again.
    expect((await post(tokenA, { ...entra.entraCreateUser, externalId: "new" })).status).toBe(201);
  });

  test("an Add on emails[type eq \"work\"].value creates the work email", async () => {
    const c = await post(tokenA, user("nomail"));
    await patch(tokenA, c.json.id, entra.entraAddWorkEmail);
    expect((await get(tokenA, `/Users/${c.json.id}`)).json.emails).toEqual([{ value: "new.address@contoso.com", type: "work" }]);
  });
});

describe("uniqueness, ETags and PUT", () => {
  test("userName is unique per organization, case-insensitively (409 uniqueness); other organizations may reuse it; externalId need not be unique", async () => {
    expect((await post(tokenA, user("Ann@Acme.test"))).status).toBe(201);
    const dup = await post(tokenA, user("ann@ACME.test"));
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ status: "409", scimType: "uniqueness" });
    expect((await post(tokenB, user("ann@acme.test"))).status).toBe(201);
    // externalId has no uniqueness (RFC 7643 §3.1); Microsoft's suite sends the same one twice.
    expect((await post(tokenA, user("other", { externalId: "${__UUID}" }))).status).toBe(201);
    expect((await post(tokenA, user("other2", { externalId: "${__UUID}" }))).status).toBe(201);
  });

  test("renaming onto a taken userName is 409 and changes nothing", async () => {
    await post(tokenA, user("a@acme.test"));
    const b = await post(tokenA, user("b@acme.test"));
    const r = await patch(tokenA, b.json.id, ops({ op: "replace", path: "userName", value: "A@acme.test" }));
    expect(r.status).toBe(409);
    expect((await directoryUserRow(b.json.id))!.userName).toBe("b@acme.test");
  });

  test("If-Match: a stale version is 412; the current one or * is accepted; a no-op PATCH keeps the version", async () => {
    const c = await post(tokenA, user("etag@acme.test"));
    const id = c.json.id;
    expect((await patch(tokenA, id, ops({ op: "replace", path: "title", value: "A" }), { "if-match": 'W/"1"' })).status).toBe(204);
    const stale = await patch(tokenA, id, ops({ op: "replace", path: "title", value: "B" }), { "if-match": 'W/"1"' });
    expect(stale.status).toBe(412);
    expect((await put(tokenA, id, user("etag@acme.test"), { "if-match": 'W/"1"' })).status).toBe(412);
    expect((await del(tokenA, id, { "if-match": 'W/"1"' })).status).toBe(412);
    expect((await patch(tokenA, id, ops({ op: "replace", path: "title", value: "A" }), { "if-match": "*" })).status).toBe(204);
    const now = await get(tokenA, `/Users/${id}`);
    expect(now.json.meta.version).toBe('W/"2"');
    expect(now.headers.get("etag")).toBe('W/"2"');
  });

  test("PUT replaces: attributes left out are cleared, id and meta in the body are ignored, active left out stays", async () => {
    const c = await post(tokenA, user("put@acme.test", { title: "Eng", nickName: "P", active: false }));
    const r = await put(tokenA, c.json.id, { ...user("put@acme.test", { displayName: "Put" }), id: "ignored", meta: { version: 'W/"99"' } });
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(c.json.id);
    expect(r.json).not.toHaveProperty("title");
    expect(r.json).not.toHaveProperty("nickName");
    expect(r.json.active).toBe(false);
    expect(r.json.displayName).toBe("Put");
  });
});

describe("lists: filters in SQL, paging, projection", () => {
  async function seed() {
    const names = ["alice", "bob", "carol", "dave", "erin"];
    const ids: string[] = [];
    for (const [i, n] of names.entries()) {
      const r = await post(tokenA, user(`${n}@acme.test`, {
        displayName: n.toUpperCase(),
        active: i % 2 === 0,
        name: { givenName: n, familyName: i < 3 ? "Employee" : "Contractor" },
        emails: [{ value: `${n}@${i % 2 ? "example.org" : "example.com"}`, type: "work", primary: true }],
        [ENT]: { department: i < 2 ? "R&D" : "Sales" },
      }));
      ids.push(r.json.id);
    }
    return ids;
  }

  test("paging is stable with true totals; count is capped at 100; count=0 returns only the total", async () => {
    const ids = await seed();
    const p1 = await get(tokenA, "/Users?startIndex=1&count=2");
    expect(p1.json).toMatchObject({ totalResults: 5, startIndex: 1, itemsPerPage: 2 });
    const p2 = await get(tokenA, "/Users?startIndex=3&count=2");
    const p3 = await get(tokenA, "/Users?startIndex=5&count=2");
    expect([...p1.json.Resources, ...p2.json.Resources, ...p3.json.Resources].map((r: { id: string }) => r.id)).toEqual(ids);
    expect((await get(tokenA, "/Users?count=0")).json).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    expect((await get(tokenA, "/Users?count=1000")).json.itemsPerPage).toBe(5);
    expect((await get(tokenA, "/Users?startIndex=-3&count=1")).json.startIndex).toBe(1);
    expect((await get(tokenA, "/Users?startIndex=9")).json).toMatchObject({ totalResults: 5, Resources: [] });
  });

  test("the RFC operators and grouping", async () => {
    await seed();
    const total = async (f: string) => (await filter(tokenA, f)).json.totalResults;
    expect(await total(`name.familyName eq "Employee" and (emails.value co "example.com" or emails.value co "example.org")`)).toBe(3);
    expect(await total(`userName sw "A"`)).toBe(1);
    expect(await total(`userName ew "@ACME.TEST"`)).toBe(5);
    expect(await total(`displayName co "AR"`)).toBe(1);
    expect(await total(`active eq false`)).toBe(2);
    expect(await total(`not (active eq false) and name.familyName eq "Contractor"`)).toBe(1);
    expect(await total(`${ENT}:department eq "r&d"`)).toBe(2);
    expect(await total(`title pr`)).toBe(0);
    expect(await total(`title ne "x"`)).toBe(5);
    expect(await total(`emails[type eq "work" and value ew ".org"]`)).toBe(2);
    expect(await total(`meta.created gt "2015-10-10T14:38:21.8617979-07:00"`)).toBe(5);
    expect(await total(`meta.lastModified lt "2015-10-10T14:38:21Z"`)).toBe(0);
    expect(await total(`userName gt "c" and userName lt "e"`)).toBe(2);
    // Microsoft's suite: an unquoted value and non-canonical attribute case.
    expect(await total(`name.FamilyName eq Employee`)).toBe(3);
  });

  test("attributes and excludedAttributes shape the resources", async () => {
    await seed();
    const r = await get(tokenA, "/Users?attributes=userName,emails&count=1");
    expect(Object.keys(r.json.Resources[0]).sort()).toEqual(["emails", "id", "schemas", "userName"]);
    const ex = await get(tokenA, `/Users?excludedAttributes=emails,${ENT}:department&count=1`);
    expect(ex.json.Resources[0]).not.toHaveProperty("emails");
    expect(ex.json.Resources[0]).not.toHaveProperty(ENT);
    expect(ex.json.Resources[0]).toHaveProperty("userName");
  });
});

describe("two organizations", () => {
  test("a token of one organization never reaches the other", async () => {
    const a = await post(tokenA, user("secret@acme.test", { externalId: "ext-a" }));
    const id = a.json.id;
    expect((await get(tokenB, `/Users/${id}`)).status).toBe(404);
    expect((await patch(tokenB, id, ops({ op: "replace", path: "active", value: false }))).status).toBe(404);
    expect((await put(tokenB, id, user("stolen@globex.test"))).status).toBe(404);
    expect((await del(tokenB, id)).status).toBe(404);
    expect((await get(tokenB, "/Users")).json).toMatchObject({ totalResults: 0, Resources: [] });
    expect((await filter(tokenB, `userName eq "secret@acme.test"`)).json.totalResults).toBe(0);
    expect((await filter(tokenB, `externalId eq "ext-a"`)).json.totalResults).toBe(0);
    expect((await filter(tokenB, `id eq "${id}"`)).json.totalResults).toBe(0);
    const still = await directoryUserRow(id);
    expect(still).toMatchObject({ active: true, userName: "secret@acme.test", version: 1 });
    expect(await countDirectoryUsers(orgB.id)).toBe(0);
  });
});

describe("concurrency", () => {
  test("50 parallel PATCHes to one user: no errors, every change kept, one version per change", async () => {
    const c = await post(tokenA, user("busy@acme.test"));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => patch(tokenA, c.json.id, ops({ op: "add", path: "emails", value: [{ value: `e${i}@acme.test`, type: "other" }] }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(204));
    const final = await get(tokenA, `/Users/${c.json.id}`);
    expect(final.json.emails).toHaveLength(50);
    expect(final.json.meta.version).toBe('W/"51"');
  });

  test("racing creates of one userName: one 201, the rest 409", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => post(tokenA, user("race@acme.test"))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });
});

describe("effects inside Gatehouse", () => {
  test("an existing person is linked by email, not duplicated; a manual membership keeps its role and source", async () => {
    const { user: existing } = await createMember(orgA.id, "admin", "pat@acme.test");
    const c = await post(tokenA, user("pat@acme.test", { emails: [{ value: "Pat@Acme.test", primary: true }] }));
    expect((await directoryUserRow(c.json.id))!.userId).toBe(existing.id);
    expect(await membershipOf(orgA.id, existing.id)).toMatchObject({ role: "admin", source: "manual", status: "active" });
  });

  test("role, team and business-unit mappings apply to scim-sourced assignments only", async () => {
    await createCustomRole(orgA.id, "engineer", 30);
    await setMappings(orgA.id, {
      attributeRoleMappings: [
        { attributeType: "user", attributeName: "department", attributeValue: "R&D", role: "engineer" },
        { attributeType: "user", attributeValue: "*", role: "member" },
      ],
      attributeTeamMappings: [{ attributeType: "user", attributeName: "title", attributeValue: "SRE", team: "Platform" }],
      attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "costCenter", attributeValue: "CC-1", businessUnit: "EMEA" }],
    });
    const c = await post(tokenA, user("dev@acme.test", { title: "SRE", [ENT]: { department: "R&D", costCenter: "CC-1" } }));
    const gh = await userByEmail("dev@acme.test");
    expect(await membershipOf(orgA.id, gh!.id)).toMatchObject({ role: "engineer", source: "scim" });
    expect(await teamNames(orgA.id, gh!.id)).toEqual([{ name: "Platform", source: "scim" }]);
    expect(await businessUnitNames(orgA.id, gh!.id)).toEqual([{ name: "EMEA", source: "scim" }]);

    // A manual team assignment survives the IdP's changes.
    await addTeamMembership(orgA.id, gh!.id, "Platform", "manual");
    await addTeamMembership(orgA.id, gh!.id, "Hand-picked", "manual");
    await patch(tokenA, c.json.id, ops({ op: "replace", path: "title", value: "Manager" }, { op: "replace", path: `${ENT}:department`, value: "Sales" }));
    expect(await membershipOf(orgA.id, gh!.id)).toMatchObject({ role: "member" });
    expect(await teamNames(orgA.id, gh!.id)).toEqual([{ name: "Hand-picked", source: "manual" }, { name: "Platform", source: "manual" }]);
    expect((await auditEvents(orgA.id, "scim.user_assignments_changed")).length).toBeGreaterThan(0);

    // Another organization's mappings and teams are untouched.
    expect(await teamNames(orgB.id, gh!.id)).toEqual([]);
  });

  test("custom extension attributes are kept in the flat profile, returned under their URN, and visible to mappings", async () => {
    const CUSTOM = "urn:okta:gatehouse:1.0:user:custom";
    await setMappings(orgA.id, { attributeTeamMappings: [{ attributeType: "user", attributeName: "region", attributeValue: "emea", team: "Europe" }] });
    const c = await post(tokenA, user("ext@acme.test", { [ENT]: { department: "Ops" }, [CUSTOM]: { region: "EMEA", department: "ignored-clash", nested: { no: 1 } } }));
    expect(c.status).toBe(201);
    expect(c.json.schemas).toEqual([USER, ENT, CUSTOM]);
    expect(c.json[CUSTOM]).toEqual({ region: "EMEA", department: "Ops" });
    expect(c.json[ENT]).toEqual({ department: "Ops" });
    expect((await directoryUserRow(c.json.id))!.profile).toEqual({ region: "EMEA", department: "Ops" });
    const gh = (await userByEmail("ext@acme.test"))!;
    expect(await teamNames(orgA.id, gh.id)).toEqual([{ name: "Europe", source: "scim" }]);
    await patch(tokenA, c.json.id, ops({ op: "replace", path: "title", value: "Lead" }));
    expect((await get(tokenA, `/Users/${c.json.id}`)).json[CUSTOM]).toEqual({ region: "EMEA", department: "Ops" });
  });

  test("role rules without a match deny access: the scim-sourced membership is suspended", async () => {
    await setMappings(orgA.id, { attributeRoleMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "R&D", role: "admin" }] });
    const c = await post(tokenA, user("nomatch@acme.test", { [ENT]: { department: "Sales" } }));
    const gh = await userByEmail("nomatch@acme.test");
    expect(await membershipOf(orgA.id, gh!.id)).toMatchObject({ status: "suspended", source: "scim" });
    await patch(tokenA, c.json.id, ops({ op: "replace", path: `${ENT}:department`, value: "R&D" }));
    expect(await membershipOf(orgA.id, gh!.id)).toMatchObject({ status: "active", role: "admin" });
  });

  test("mappings can never grant owner", async () => {
    await setMappings(orgA.id, { attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "owner" }] });
    await post(tokenA, user("sneaky@acme.test", { roles: [{ value: "owner" }] }));
    const gh = await userByEmail("sneaky@acme.test");
    const m = await membershipOf(orgA.id, gh!.id);
    expect(m!.role).not.toBe("owner");
  });

  test("suspension revokes this organization's sessions and stored tokens and disables API keys; reactivation restores the membership only", async () => {
    const c = await post(tokenA, user("leaver@acme.test"));
    const gh = (await userByEmail("leaver@acme.test"))!;
    await addMember(orgB.id, gh.id, "member");
    const here = await createSessionFor(gh.id, { activeOrgId: orgA.id });
    const viaSso = await createSessionFor(gh.id, { ssoOrgId: orgA.id });
    const elsewhere = await createSessionFor(gh.id, { activeOrgId: orgB.id });
    const keyHere = await createApiKeyBy(orgA.id, gh.id);
    const keyElsewhere = await createApiKeyBy(orgB.id, gh.id);

    expect((await patch(tokenA, c.json.id, okta.oktaDeactivateUser)).status).toBe(204);
    expect((await sessionRow(here.id)).revokedAt).not.toBeNull();
    const sso = await sessionRow(viaSso.id);
    expect(sso.revokedAt).not.toBeNull();
    expect(sso.refreshTokenEnc).toBeNull();
    expect(sso.accessTokenEnc).toBeNull();
    expect((await sessionRow(elsewhere.id)).revokedAt).toBeNull();
    expect((await apiKeyRow(keyHere.id)).disabledAt).not.toBeNull();
    expect((await apiKeyRow(keyElsewhere.id)).disabledAt).toBeNull();
    expect(await membershipOf(orgB.id, gh.id)).toMatchObject({ status: "active" });

    await patch(tokenA, c.json.id, okta.oktaReactivateUser);
    expect(await membershipOf(orgA.id, gh.id)).toMatchObject({ status: "active" });
    expect((await apiKeyRow(keyHere.id)).disabledAt).not.toBeNull();
  });

  test("an admin's suspension is not undone by SCIM reactivation", async () => {
    const person = await createUser({ email: "held@acme.test" });
    await addMember(orgA.id, person.id, "member", "suspended");
    const c = await post(tokenA, user("held@acme.test", { active: true }));
    await patch(tokenA, c.json.id, okta.oktaDeactivateUser);
    await patch(tokenA, c.json.id, okta.oktaReactivateUser);
    expect(await membershipOf(orgA.id, person.id)).toMatchObject({ status: "suspended" });
  });

  test("DELETE deprovisions: a scim membership is removed, a manual one suspended, sessions revoked; an owner keeps access", async () => {
    const a = await post(tokenA, user("gone@acme.test"));
    const ghA = (await userByEmail("gone@acme.test"))!;
    const s = await createSessionFor(ghA.id, { activeOrgId: orgA.id });
    expect((await del(tokenA, a.json.id)).status).toBe(204);
    expect(await membershipOf(orgA.id, ghA.id)).toBeNull();
    expect((await sessionRow(s.id)).revokedAt).not.toBeNull();
    expect(await auditEvents(orgA.id, "scim.user_deprovisioned")).toHaveLength(1);

    const { user: manual } = await createMember(orgA.id, "member", "manual@acme.test");
    const m = await post(tokenA, user("manual@acme.test"));
    await del(tokenA, m.json.id);
    expect(await membershipOf(orgA.id, manual.id)).toMatchObject({ status: "suspended", source: "manual" });

    const { user: owner } = await createMember(orgA.id, "owner", "boss@acme.test");
    const o = await post(tokenA, user("boss@acme.test"));
    await patch(tokenA, o.json.id, okta.oktaDeactivateUser);
    await del(tokenA, o.json.id);
    expect(await membershipOf(orgA.id, owner.id)).toMatchObject({ role: "owner", status: "active" });
  });
});
