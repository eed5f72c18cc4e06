import { describe, expect, test } from "vitest";
import { claimGroups, claimValues, extractIdentity, readPath } from "./claims";
import {
  ENTRA_GROUP_ADMINS,
  ENTRA_GROUP_ENGINEERING,
  entraIdToken,
  googleIdToken,
  keycloakIdToken,
  oktaIdToken,
  SCIM_ENTERPRISE,
  scimUser,
  ZITADEL_PROJECT,
  zitadelIdToken,
} from "./testing/idp-claims";

describe("readPath", () => {
  test("top-level and nested dotted paths", () => {
    expect(readPath(oktaIdToken, "department")).toBe("R&D");
    expect(readPath(keycloakIdToken, "realm_access.roles")).toEqual(["default-roles-acme", "offline_access", "uma_authorization", "admin"]);
    expect(readPath(keycloakIdToken, "resource_access.gatehouse.roles")).toEqual(["team-lead", "developer"]);
  });

  test("keys that contain dots: full key first, then split, longest prefix first", () => {
    const claims = {
      "http://schemas.microsoft.com/ws/2008/06/identity/claims/role": ["Admin"],
      "https://acme.com/claims": { "team.ids": ["t1"] },
      a: { b: "nested" },
      "a.b": "flat",
    };
    expect(readPath(claims, "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")).toEqual(["Admin"]);
    expect(readPath(claims, "https://acme.com/claims.team.ids")).toEqual(["t1"]);
    expect(readPath(claims, "a.b")).toBe("flat");
    // Keycloak client ids may contain dots.
    expect(readPath(keycloakIdToken, "resource_access.acme.portal.roles")).toEqual(["billing"]);
    // SCIM extension URNs contain "2.0".
    expect(readPath(scimUser, `${SCIM_ENTERPRISE}.department`)).toBe("Engineering");
    expect(readPath(scimUser, `${SCIM_ENTERPRISE}.manager.value`)).toBe("26118915-6090-4610-87e4-49d8ca9f808d");
  });

  test("backtracks when the longest matching prefix leads nowhere", () => {
    const claims = { "a.b": { x: 1 }, a: { b: { c: "deep" } } };
    expect(readPath(claims, "a.b.c")).toBe("deep");
    expect(readPath(claims, "a.b.x")).toBe(1);
  });

  test("arrays: numeric segments index, other segments project and flatten", () => {
    expect(readPath(scimUser, "emails.0.value")).toBe("barbara@acme.com");
    expect(readPath(scimUser, "emails.type")).toEqual(["work", "home"]);
    expect(readPath({ groups: [{ display: "A", members: ["x"] }, { display: "B", members: ["y", "z"] }] }, "groups.members")).toEqual(["x", "y", "z"]);
    expect(readPath(scimUser, "emails.9.value")).toBeUndefined();
    expect(readPath({ roles: ["a", "b"] }, "roles.name")).toBeUndefined();
  });

  test("absent, non-object and inherited properties are undefined", () => {
    expect(readPath(oktaIdToken, "missing")).toBeUndefined();
    expect(readPath(oktaIdToken, "department.name")).toBeUndefined();
    expect(readPath(null, "a")).toBeUndefined();
    expect(readPath("str", "length")).toBeUndefined();
    expect(readPath({}, "constructor")).toBeUndefined();
    expect(readPath({}, "toString")).toBeUndefined();
    expect(readPath({ a: {} }, "a.__proto__")).toBeUndefined();
    expect(readPath({ a: 1 }, "")).toBeUndefined();
  });

  test("falsy values are returned as they are", () => {
    expect(readPath({ a: { b: 0, c: false, d: null, e: "" } }, "a.b")).toBe(0);
    expect(readPath({ a: { c: false } }, "a.c")).toBe(false);
    expect(readPath({ a: { d: null } }, "a.d")).toBeNull();
  });

  test("very long paths are refused rather than searched", () => {
    const path = Array(17).fill("a").join(".");
    expect(readPath({ [path]: 1 }, path)).toBeUndefined();
  });

  test("adversarial dotted keys stay fast", () => {
    const level: Record<string, unknown> = {};
    for (let i = 1; i <= 15; i++) level[Array(i).fill("a").join(".")] = level;
    const started = performance.now();
    expect(readPath(level, Array(15).fill("a").join(".") + ".z")).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("claimValues", () => {
  test("string, number, array, object keys with truthy values", () => {
    expect(claimValues(" admin ")).toEqual(["admin"]);
    expect(claimValues(42)).toEqual(["42"]);
    expect(claimValues(["a", " a", "b", "", 7, null, { x: 1 }, ["c"]])).toEqual(["a", "b", "7", "c"]);
    expect(claimValues(zitadelIdToken[`urn:zitadel:iam:org:project:${ZITADEL_PROJECT}:roles`])).toEqual(["admin", "auditor"]);
    expect(claimValues({ admin: true, billing: false, ops: 0, dev: "yes" })).toEqual(["admin", "dev"]);
  });

  test("booleans only on request; never split strings; absent is empty", () => {
    expect(claimValues(true)).toEqual([]);
    expect(claimValues(true, { booleans: true })).toEqual(["true"]);
    expect(claimValues("a,b c")).toEqual(["a,b c"]);
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues(null)).toEqual([]);
    expect(claimValues(Number.NaN)).toEqual([]);
  });

  test("duplicates are exact: case variants are both kept (ids may be case-sensitive)", () => {
    expect(claimValues(["00gAb", "00gaB", "00gAb"])).toEqual(["00gAb", "00gaB"]);
  });

  test("caps huge lists", () => {
    expect(claimValues(Array.from({ length: 5000 }, (_, i) => `g${i}`))).toHaveLength(1000);
  });
});

describe("claimGroups", () => {
  test("names, object ids and SCIM-style objects", () => {
    expect(claimGroups(oktaIdToken.groups)).toEqual([{ displayName: "Everyone" }, { displayName: "Engineering" }, { displayName: "Admins" }]);
    expect(claimGroups(entraIdToken.groups)).toEqual([{ displayName: ENTRA_GROUP_ENGINEERING }, { displayName: ENTRA_GROUP_ADMINS }]);
    expect(claimGroups([{ value: "g1", display: "Sales" }, { id: "g2", displayName: "Ops" }, { value: "g3" }])).toEqual([
      { id: "g1", displayName: "Sales" },
      { id: "g2", displayName: "Ops" },
      { id: "g3", displayName: "g3" },
    ]);
  });

  test("a single string, a role-map object, junk and duplicates", () => {
    expect(claimGroups("Engineering")).toEqual([{ displayName: "Engineering" }]);
    expect(claimGroups({ Engineering: true, Sales: false })).toEqual([{ displayName: "Engineering" }]);
    expect(claimGroups(["A", "a", " ", null, true, {}])).toEqual([{ displayName: "A" }]);
    expect(claimGroups(undefined)).toEqual([]);
  });
});

describe("extractIdentity", () => {
  test("Okta: groups, department, email lower-cased, protocol claims stripped from attributes", () => {
    const r = extractIdentity(oktaIdToken, null, { rolesField: "groups" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.identity).toMatchObject({
      subject: "00u8k2f1xQZbW3Hc5d7",
      email: "ada.lovelace@acme.com",
      emailVerified: true,
      name: "Ada Lovelace",
      roles: ["Everyone", "Engineering", "Admins"],
      teamIds: [],
      groups: [{ displayName: "Everyone" }, { displayName: "Engineering" }, { displayName: "Admins" }],
    });
    expect(r.identity.attributes.department).toBe("R&D");
    for (const k of ["iss", "aud", "exp", "iat", "nonce", "at_hash", "jti", "amr", "auth_time"]) expect(r.identity.attributes).not.toHaveProperty(k);
    expect(r.identity.attributes.sub).toBe("00u8k2f1xQZbW3Hc5d7");
  });

  test("Entra: userIdField oid, app roles, group object ids; no email claim is missing-email (upn/preferred_username are NOT used)", () => {
    const r = extractIdentity(entraIdToken, null, { userIdField: "oid", rolesField: "roles" });
    expect(r).toEqual({ ok: false, reason: "missing-email", detail: 'The identity provider sent no "email" claim' });

    const withEmail = extractIdentity({ ...entraIdToken, email: "grace@acme.com" }, null, { userIdField: "oid", rolesField: "roles" });
    expect(withEmail.ok && withEmail.identity).toMatchObject({
      subject: "00000000-0000-0000-66f3-3332eca7ea81",
      email: "grace@acme.com",
      emailVerified: null,
      roles: ["Gatehouse.Admin", "Gatehouse.Reader"],
      groups: [{ displayName: ENTRA_GROUP_ENGINEERING }, { displayName: ENTRA_GROUP_ADMINS }],
    });
    if (withEmail.ok) {
      expect(withEmail.identity.attributes.tid).toBe(entraIdToken.tid);
      expect(withEmail.identity.attributes.upn).toBe("grace@acme.com");
      expect(withEmail.identity.attributes).not.toHaveProperty("aio");
      expect(withEmail.identity.attributes).not.toHaveProperty("uti");
    }
  });

  test("Entra: email supplied by userinfo only is used", () => {
    const r = extractIdentity(entraIdToken, { sub: entraIdToken.sub, email: "grace@acme.com" }, { userIdField: "oid" });
    expect(r.ok && r.identity.email).toBe("grace@acme.com");
  });

  test("Keycloak: realm roles and client roles through dotted paths, given+family name", () => {
    const realm = extractIdentity(keycloakIdToken, undefined, { rolesField: "realm_access.roles", teamIdsField: "resource_access.gatehouse.roles" });
    expect(realm.ok && realm.identity).toMatchObject({
      subject: "f:1b2c3d4e:alan",
      email: "alan@acme.com",
      name: "Alan Turing",
      roles: ["default-roles-acme", "offline_access", "uma_authorization", "admin"],
      teamIds: ["team-lead", "developer"],
      groups: [{ displayName: "/Engineering" }, { displayName: "/Engineering/Platform" }],
    });
    const { name: _name, ...noName } = keycloakIdToken;
    const named = extractIdentity(noName, undefined);
    expect(named.ok && named.identity.name).toBe("Alan Turing");
  });

  test("Zitadel: project roles object becomes its role names", () => {
    const r = extractIdentity(zitadelIdToken, null, { rolesField: `urn:zitadel:iam:org:project:${ZITADEL_PROJECT}:roles` });
    expect(r.ok && r.identity.roles).toEqual(["admin", "auditor"]);
    expect(r.ok && r.identity.name).toBe("Katherine Johnson");
    expect(r.ok && r.identity.attributes).not.toHaveProperty("azp");
  });

  test("Google: hd kept as an attribute, no roles or groups", () => {
    const r = extractIdentity(googleIdToken, null, { rolesField: "roles" });
    expect(r.ok && r.identity).toMatchObject({ subject: "110169484474386276334", email: "margaret@acme.com", roles: [], groups: [] });
    expect(r.ok && r.identity.attributes.hd).toBe("acme.com");
  });

  test("userinfo fills what the ID token lacks, field by field; the ID token wins on conflicts", () => {
    const r = extractIdentity(
      { sub: "u1", email: "a@acme.com" },
      { sub: "u1", name: "From Userinfo", email: "other@acme.com", groups: ["Sales"], department: "Sales", realm_access: { roles: ["admin"] } },
      { rolesField: "realm_access.roles" },
    );
    expect(r.ok && r.identity).toMatchObject({ email: "a@acme.com", name: "From Userinfo", roles: ["admin"], groups: [{ displayName: "Sales" }] });
    expect(r.ok && r.identity.attributes).toMatchObject({ department: "Sales", email: "a@acme.com" });
  });

  test("empty or null ID-token values fall back to userinfo", () => {
    const r = extractIdentity({ sub: "u1", email: "", name: null }, { sub: "u1", email: "a@acme.com", name: "Ann" });
    expect(r.ok && r.identity).toMatchObject({ email: "a@acme.com", name: "Ann" });
  });

  test("userinfo for another subject is refused (OIDC Core 5.3.2)", () => {
    expect(extractIdentity({ sub: "u1", email: "a@acme.com" }, { sub: "u2", email: "b@acme.com" })).toMatchObject({
      ok: false,
      reason: "userinfo-subject-mismatch",
    });
  });

  test("missing or unusable subject", () => {
    expect(extractIdentity({ email: "a@acme.com" }, null)).toMatchObject({ ok: false, reason: "missing-subject" });
    expect(extractIdentity({ sub: "  ", email: "a@acme.com" }, null)).toMatchObject({ ok: false, reason: "missing-subject" });
    expect(extractIdentity({ sub: { id: 1 }, email: "a@acme.com" }, null)).toMatchObject({ ok: false, reason: "missing-subject" });
    expect(extractIdentity({ sub: "s", email: "a@acme.com" }, null, { userIdField: "oid" })).toMatchObject({
      ok: false,
      reason: "missing-subject",
      detail: 'The identity provider sent no usable "oid" claim',
    });
    const numeric = extractIdentity({ id: 1234, email: "a@acme.com" }, null, { userIdField: "id" });
    expect(numeric.ok && numeric.identity.subject).toBe("1234");
  });

  test("missing vs invalid email", () => {
    expect(extractIdentity({ sub: "s" }, null)).toMatchObject({ ok: false, reason: "missing-email" });
    expect(extractIdentity({ sub: "s", email: "   " }, null)).toMatchObject({ ok: false, reason: "missing-email" });
    for (const email of ["not-an-email", "a@b", "a b@acme.com", ["a@acme.com"], 5]) {
      expect(extractIdentity({ sub: "s", email }, null)).toMatchObject({ ok: false, reason: "invalid-email" });
    }
  });

  test("email_verified as strings (some IdPs) and absent", () => {
    const v = (email_verified: unknown) => {
      const r = extractIdentity({ sub: "s", email: "a@acme.com", email_verified }, null);
      return r.ok ? r.identity.emailVerified : "error";
    };
    expect(v("true")).toBe(true);
    expect(v("False")).toBe(false);
    expect(v(false)).toBe(false);
    expect(v(undefined)).toBeNull();
    expect(v("maybe")).toBeNull();
  });

  test("a custom groupsField, and no rolesField means no direct roles", () => {
    const r = extractIdentity({ sub: "s", email: "a@acme.com", roles: ["admin"], memberOf: ["Ops"] }, null, { groupsField: "memberOf" });
    expect(r.ok && r.identity).toMatchObject({ roles: [], groups: [{ displayName: "Ops" }] });
  });

  test("does not mutate its inputs", () => {
    const claims = structuredClone(keycloakIdToken);
    extractIdentity(claims, { sub: claims.sub, extra: 1 }, { rolesField: "realm_access.roles" });
    expect(claims).toEqual(keycloakIdToken);
  });
});
