// Claim sets shaped like what each identity provider really sends (ID token after validation, and
// userinfo where the provider splits them). Used by the mapping unit tests; reusable by SSO tests.

const now = 1_760_000_000;

/** Okta org authorization server with a `groups` claim filter and a custom `department` claim. */
export const oktaIdToken = {
  ver: 1,
  sub: "00u8k2f1xQZbW3Hc5d7",
  iss: "https://acme.okta.com/oauth2/default",
  aud: "0oa8k2f1xQZbW3Hc5d7",
  iat: now,
  exp: now + 3600,
  jti: "ID.4lB8m1dC7yQ0pK9sZr2Xw",
  amr: ["pwd", "mfa"],
  idp: "00o8k2f1xQZbW3Hc5d7",
  nonce: "n-0S6_WzA2Mj",
  auth_time: now - 5,
  at_hash: "preBQyqbc2c7rFGH3MDkHg",
  name: "Ada Lovelace",
  email: "Ada.Lovelace@Acme.com",
  email_verified: true,
  preferred_username: "ada.lovelace@acme.com",
  groups: ["Everyone", "Engineering", "Admins"],
  department: "R&D",
};

export const ENTRA_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const ENTRA_GROUP_ENGINEERING = "5c2e7a3b-8d1f-4b6a-9e0c-1f2a3b4c5d6e";
export const ENTRA_GROUP_ADMINS = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

/** Entra ID v2.0 token: app roles in `roles`, groups as object ids, pairwise `sub`, stable `oid`, no `email`. */
export const entraIdToken = {
  aud: "6731de76-14a6-49ae-97bc-6eba6914391e",
  iss: `https://login.microsoftonline.com/${ENTRA_TENANT}/v2.0`,
  iat: now,
  nbf: now,
  exp: now + 3600,
  aio: "AXQAi/8TAAAA...",
  groups: [ENTRA_GROUP_ENGINEERING, ENTRA_GROUP_ADMINS],
  name: "Grace Hopper",
  nonce: "123523",
  oid: "00000000-0000-0000-66f3-3332eca7ea81",
  preferred_username: "grace@acme.onmicrosoft.com",
  upn: "grace@acme.com",
  rh: "I",
  roles: ["Gatehouse.Admin", "Gatehouse.Reader"],
  sub: "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
  tid: ENTRA_TENANT,
  uti: "fqiBqXLPj0eQa82S-IYFAA",
  ver: "2.0",
};

/** Keycloak realm `acme`, client `gatehouse`, with realm and client roles and a group-membership mapper. */
export const keycloakIdToken = {
  exp: now + 300,
  iat: now,
  auth_time: now - 2,
  jti: "e3b0c442-98fc-1c14-9afb-4c8996fb9242",
  iss: "https://sso.acme.com/realms/acme",
  aud: "gatehouse",
  sub: "f:1b2c3d4e:alan",
  typ: "ID",
  azp: "gatehouse",
  nonce: "abc",
  session_state: "5f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
  at_hash: "x1y2z3",
  acr: "1",
  sid: "5f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
  email_verified: true,
  name: "Alan Turing",
  preferred_username: "alan",
  given_name: "Alan",
  family_name: "Turing",
  email: "alan@acme.com",
  realm_access: { roles: ["default-roles-acme", "offline_access", "uma_authorization", "admin"] },
  resource_access: {
    gatehouse: { roles: ["team-lead", "developer"] },
    "acme.portal": { roles: ["billing"] },
    account: { roles: ["manage-account", "view-profile"] },
  },
  groups: ["/Engineering", "/Engineering/Platform"],
};

export const ZITADEL_PROJECT = "241856781328426253";

/** Zitadel: project roles as objects keyed by role name, valued by `{ orgId: orgDomain }`. */
export const zitadelIdToken = {
  iss: "https://acme-x1y2z3.zitadel.cloud",
  sub: "241856901254783245",
  aud: ["241857046247561485@gatehouse", ZITADEL_PROJECT],
  exp: now + 43200,
  iat: now,
  auth_time: now - 10,
  amr: ["password", "pwd"],
  azp: "241857046247561485@gatehouse",
  client_id: "241857046247561485@gatehouse",
  at_hash: "uH2kRhdxHuI7zMFxiCbVkg",
  sid: "V1_241857",
  email: "katherine@acme.com",
  email_verified: true,
  family_name: "Johnson",
  given_name: "Katherine",
  locale: "en",
  preferred_username: "katherine@acme.com",
  updated_at: now - 86400,
  "urn:zitadel:iam:org:project:roles": {
    admin: { "241856781328361717": "acme-x1y2z3.zitadel.cloud" },
  },
  [`urn:zitadel:iam:org:project:${ZITADEL_PROJECT}:roles`]: {
    admin: { "241856781328361717": "acme-x1y2z3.zitadel.cloud" },
    auditor: { "241856781328361717": "acme-x1y2z3.zitadel.cloud" },
  },
};

/** Google Workspace: hosted domain in `hd`, no groups in the token. */
export const googleIdToken = {
  iss: "https://accounts.google.com",
  azp: "1234987819200.apps.googleusercontent.com",
  aud: "1234987819200.apps.googleusercontent.com",
  sub: "110169484474386276334",
  hd: "acme.com",
  email: "margaret@acme.com",
  email_verified: true,
  at_hash: "HK6E_P6Dh8Y93mRNtsDB1Q",
  nonce: "0394852-3190485-2490358",
  name: "Margaret Hamilton",
  picture: "https://lh3.googleusercontent.com/a/ACg8ocJ" + "x".repeat(180),
  given_name: "Margaret",
  family_name: "Hamilton",
  iat: now,
  exp: now + 3600,
};

export const SCIM_ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** A SCIM user as Okta or Entra pushes it (core + enterprise extension). */
export const scimUser = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", SCIM_ENTERPRISE],
  userName: "barbara@acme.com",
  externalId: "00u9x8y7z6",
  name: { givenName: "Barbara", familyName: "Liskov" },
  emails: [
    { value: "barbara@acme.com", type: "work", primary: true },
    { value: "b.liskov@example.org", type: "home" },
  ],
  active: true,
  title: "Principal Engineer",
  [SCIM_ENTERPRISE]: { department: "Engineering", costCenter: 4130, manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d" } },
};
