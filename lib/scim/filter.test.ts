import { describe, expect, test } from "vitest";
import {
  formatFilter,
  formatPatchPath,
  matchValueFilter,
  parseAndResolveFilter,
  parseAttributePath,
  parseFilter,
  resolveFilter,
  type Filter,
} from "./filter";
import { GROUP_RESOURCE, USER_RESOURCE, USER_SCHEMA, findAttr } from "./schema";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function parsed(input: string, strict = false): Filter {
  const r = parseFilter(input, { strict });
  if (!r.ok) throw new Error(`expected ${input} to parse: ${r.error.detail}`);
  return r.value.filter;
}

function parseError(input: unknown, opts = {}) {
  const r = parseFilter(input, opts);
  if (r.ok) throw new Error(`expected ${String(input)} to fail, got ${formatFilter(r.value.filter)}`);
  return r.error;
}

describe("parseFilter: attribute expressions", () => {
  test("every comparison operator, case-insensitive", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]) {
      expect(parsed(`userName ${op} "x"`)).toEqual({ kind: "compare", path: { attr: "userName" }, op, value: "x" });
      expect(parsed(`userName ${op.toUpperCase()} "x"`)).toMatchObject({ op });
    }
    expect(parsed(`userName Eq "x"`)).toMatchObject({ op: "eq" });
  });

  test("presence", () => {
    expect(parsed("title pr")).toEqual({ kind: "present", path: { attr: "title" } });
    expect(parsed("title PR")).toEqual({ kind: "present", path: { attr: "title" } });
  });

  test("literals: strings with escapes, numbers, true/false/null in any case", () => {
    expect(parsed(String.raw`displayName eq "a \"quoted\" \\ name \u00e9\n"`)).toMatchObject({
      value: 'a "quoted" \\ name é\n',
    });
    expect(parsed(`x eq 42`)).toMatchObject({ value: 42 });
    expect(parsed(`x eq -1.5e3`)).toMatchObject({ value: -1500 });
    expect(parsed(`x eq 0`)).toMatchObject({ value: 0 });
    expect(parsed(`active eq true`)).toMatchObject({ value: true });
    expect(parsed(`active eq False`)).toMatchObject({ value: false });
    expect(parsed(`active eq TRUE`)).toMatchObject({ value: true });
    expect(parsed(`title eq null`)).toMatchObject({ value: null });
    expect(parsed(`displayName eq ""`)).toMatchObject({ value: "" });
    expect(parsed(`displayName eq "a and b or not (c)"`)).toMatchObject({ value: "a and b or not (c)" });
  });

  test("attribute paths: sub-attributes, schema URNs, $ref", () => {
    expect(parsed(`name.familyName eq "x"`)).toMatchObject({ path: { attr: "name", sub: "familyName" } });
    expect(parsed(`meta.lastModified gt "2011-05-13T04:42:34Z"`)).toMatchObject({
      path: { attr: "meta", sub: "lastModified" },
      op: "gt",
    });
    expect(parsed(`${ENT}:department eq "Sales"`)).toMatchObject({ path: { uri: ENT, attr: "department" } });
    expect(parsed(`${ENT}:manager.value eq "id"`)).toMatchObject({ path: { uri: ENT, attr: "manager", sub: "value" } });
    expect(parsed(`urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"`)).toMatchObject({
      path: { uri: "urn:ietf:params:scim:schemas:core:2.0:User", attr: "userName" },
    });
    expect(parsed(`members.$ref pr`)).toMatchObject({ path: { attr: "members", sub: "$ref" } });
  });

  test("whitespace is flexible around tokens", () => {
    expect(parsed(`  userName   eq\t"x"  `)).toMatchObject({ kind: "compare", value: "x" });
    expect(parsed(`(userName eq "x")and(title pr)`)).toMatchObject({ kind: "and" });
  });
});

describe("parseFilter: logic and precedence", () => {
  test("and binds tighter than or", () => {
    expect(formatFilter(parsed(`a eq 1 or b eq 2 and c eq 3`))).toBe(`a eq 1 or b eq 2 and c eq 3`);
    expect(parsed(`a eq 1 or b eq 2 and c eq 3`)).toEqual({
      kind: "or",
      filters: [
        { kind: "compare", path: { attr: "a" }, op: "eq", value: 1 },
        {
          kind: "and",
          filters: [
            { kind: "compare", path: { attr: "b" }, op: "eq", value: 2 },
            { kind: "compare", path: { attr: "c" }, op: "eq", value: 3 },
          ],
        },
      ],
    });
  });

  test("parentheses override precedence", () => {
    const f = parsed(`(a eq 1 or b eq 2) and c eq 3`);
    expect(f).toMatchObject({ kind: "and", filters: [{ kind: "or" }, { kind: "compare" }] });
    expect(formatFilter(f)).toBe(`(a eq 1 or b eq 2) and c eq 3`);
  });

  test("chains are flattened", () => {
    expect(parsed(`a pr and b pr and c pr`)).toMatchObject({ kind: "and", filters: [{}, {}, {}] });
    expect(parsed(`a pr or b pr OR c pr`)).toMatchObject({ kind: "or", filters: [{}, {}, {}] });
  });

  test("not binds to its parenthesised group only", () => {
    expect(parsed(`not (a pr) and b pr`)).toMatchObject({
      kind: "and",
      filters: [{ kind: "not", filter: { kind: "present" } }, { kind: "present" }],
    });
    expect(parsed(`NOT(a pr or b pr)`)).toMatchObject({ kind: "not", filter: { kind: "or" } });
  });

  test("RFC 7644 §3.4.2.2 examples", () => {
    const examples = [
      `userName Eq "john"`,
      `userName eq "bjensen"`,
      `name.familyName co "O'Malley"`,
      `userName sw "J"`,
      `urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"`,
      `title pr`,
      `meta.lastModified gt "2011-05-13T04:42:34Z"`,
      `meta.lastModified ge "2011-05-13T04:42:34Z"`,
      `meta.lastModified lt "2011-05-13T04:42:34Z"`,
      `meta.lastModified le "2011-05-13T04:42:34Z"`,
      `title pr and userType eq "Employee"`,
      `title pr or userType eq "Intern"`,
      `schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`,
      `userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")`,
      `userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")`,
      `userType eq "Employee" and (emails.type eq "work")`,
      `userType eq "Employee" and emails[type eq "work" and value co "@example.com"]`,
      `emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]`,
    ];
    for (const e of examples) {
      const f = parsed(e, true);
      // Round trip: the canonical text parses to the same tree.
      expect(parsed(formatFilter(f), true)).toEqual(f);
    }
  });
});

describe("parseFilter: value paths", () => {
  test("attr[filter]", () => {
    expect(parsed(`emails[type eq "work" and value co "@x"]`)).toEqual({
      kind: "valuePath",
      path: { attr: "emails" },
      filter: {
        kind: "and",
        filters: [
          { kind: "compare", path: { attr: "type" }, op: "eq", value: "work" },
          { kind: "compare", path: { attr: "value" }, op: "co", value: "@x" },
        ],
      },
    });
  });

  test("Entra form attr[filter].sub op value becomes one value path", () => {
    const r = parseFilter(`emails[type eq "work"].value eq "a@b.c"`);
    expect(r.ok && r.value.quirks).toEqual(["entra.value-path-sub-attribute-filter"]);
    expect(r.ok && r.value.filter).toEqual({
      kind: "valuePath",
      path: { attr: "emails" },
      filter: {
        kind: "and",
        filters: [
          { kind: "compare", path: { attr: "type" }, op: "eq", value: "work" },
          { kind: "compare", path: { attr: "value" }, op: "eq", value: "a@b.c" },
        ],
      },
    });
    expect(parsed(`emails[type eq "work"].value pr`)).toMatchObject({
      filter: { kind: "and", filters: [{ kind: "compare" }, { kind: "present", path: { attr: "value" } }] },
    });
    expect(parseError(`emails[type eq "work"].value eq "a"`, { strict: true }).scimType).toBe("invalidFilter");
  });

  test("value paths combine with logic and not", () => {
    expect(parsed(`not (emails[type eq "work"]) and userName pr`)).toMatchObject({
      kind: "and",
      filters: [{ kind: "not", filter: { kind: "valuePath" } }, { kind: "present" }],
    });
    expect(parsed(`emails[not (type eq "work")]`)).toMatchObject({ kind: "valuePath", filter: { kind: "not" } });
  });
});

describe("parseFilter: Microsoft reference collection quirks", () => {
  test("unquoted values are read as strings and reported", () => {
    const r = parseFilter(`name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.quirks).toEqual(["entra.unquoted-filter-value"]);
    expect(formatFilter(r.value.filter)).toBe(
      `name.FamilyName eq "Employee" and (emails.Value co "example.com" or emails.Value co "example.org")`,
    );
    expect(parsed(`userName sw O`)).toMatchObject({ op: "sw", value: "O" });
    expect(parsed(`meta.Created gt 2015-10-10T14:38:21.8617979-07:00`)).toMatchObject({
      value: "2015-10-10T14:38:21.8617979-07:00",
    });
  });

  test("strict mode rejects them", () => {
    expect(parseError(`userName sw O`, { strict: true })).toEqual({
      scimType: "invalidFilter",
      detail: `Invalid filter at position 12: expected a value (a "quoted string", a number, true, false or null), found "O"`,
    });
  });

  test("a keyword is never taken as an unquoted value", () => {
    expect(parseError(`userName eq and`).scimType).toBe("invalidFilter");
    expect(parseError(`userName eq pr`).scimType).toBe("invalidFilter");
  });
});

describe("parseFilter: errors say where and what", () => {
  const cases: [string, string][] = [
    [`userName`, `Invalid filter at position 8: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr), found end of input`],
    [`userName xx "a"`, `Invalid filter at position 9: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr), found "xx"`],
    [`userName eq`, `Invalid filter at position 11: expected a value (a "quoted string", a number, true, false or null), found end of input`],
    [`userName eq "abc`, `Invalid filter at position 12: unterminated string`],
    [`userName eq "a" and`, `Invalid filter at position 19: expected an attribute path, "(" or "not", found end of input`],
    [`userName eq "a" xor title pr`, `Invalid filter at position 16: expected "and", "or" or end of filter, found "xor"`],
    [`(userName eq "a"`, `Invalid filter at position 16: expected ")" closing the "(" at position 0, found end of input`],
    [`userName eq "a")`, `Invalid filter at position 15: expected "and", "or" or end of filter, found ")"`],
    [`not userName eq "a"`, `Invalid filter at position 4: expected "(" after "not", found "userName"`],
    [`emails[type eq "work"`, `Invalid filter at position 21: expected "]" closing the "[" at position 6, found end of input`],
    [`emails[type[value eq "a"]]`, `Invalid filter at position 11: value filters cannot be nested`],
    [`name.familyName[value eq "a"]`, `Invalid filter at position 15: a value filter must follow an attribute, not the sub-attribute "name.familyName"`],
    [`a.b.c eq "x"`, `Invalid filter at position 0: "a.b.c" has more than one sub-attribute (attr.sub is the deepest path)`],
    [`1abc eq "x"`, `Invalid filter at position 0: "1abc" is not a valid attribute name`],
    [`foo:bar eq "x"`, `Invalid filter at position 0: "foo" is not a schema URN`],
    [`userName eq "\\x"`, `Invalid filter at position 12: "\\x" is not a valid JSON string (bad escape or control character)`],
    [`emails[urn:a:b:type eq "x"]`, `Invalid filter at position 7: attributes inside a value filter cannot have a schema URN`],
    [`= "x"`, `Invalid filter at position 0: expected an attribute path, "(" or "not", found "="`],
  ];
  test.each(cases)("%s", (input, detail) => {
    expect(parseError(input)).toEqual({ scimType: "invalidFilter", detail });
  });

  test("empty, non-string and over-long input", () => {
    expect(parseError("")).toEqual({ scimType: "invalidFilter", detail: "The filter is empty" });
    expect(parseError("   ")).toEqual({ scimType: "invalidFilter", detail: "The filter is empty" });
    expect(parseError(undefined)).toEqual({ scimType: "invalidFilter", detail: "The filter must be a string" });
    expect(parseError(`userName eq "${"a".repeat(5000)}"`)).toEqual({
      scimType: "invalidFilter",
      detail: "The filter is longer than 4096 characters",
    });
    expect(parseFilter(`userName eq "${"a".repeat(50)}"`, { maxLength: 20 }).ok).toBe(false);
  });

  test("raw control characters inside a string are rejected", () => {
    expect(parseError(`userName eq "a\u0001b"`).scimType).toBe("invalidFilter");
  });
});

describe("parseFilter: pathological input", () => {
  test("deep nesting is refused, not a stack overflow", () => {
    const deep = `${"(".repeat(2000)}a pr${")".repeat(2000)}`;
    expect(parseError(deep)).toEqual({
      scimType: "invalidFilter",
      detail: "Invalid filter at position 16: nested deeper than 16 levels",
    });
    const nots = `${"not (".repeat(30)}a pr${")".repeat(30)}`;
    expect(parseError(nots).detail).toMatch(/nested deeper than 16 levels/);
    expect(parseFilter(`${"(".repeat(16)}a pr${")".repeat(16)}`).ok).toBe(true);
    expect(parseFilter(`${"(".repeat(5)}a pr${")".repeat(5)}`, { maxDepth: 4 }).ok).toBe(false);
  });

  test("long flat chains within the length limit parse quickly", () => {
    const chain = Array.from({ length: 300 }, (_, i) => `a eq ${i}`).join(" or ");
    expect(chain.length).toBeLessThan(4096);
    const t0 = performance.now();
    const f = parsed(chain);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(f).toMatchObject({ kind: "or" });
    expect(f.kind === "or" && f.filters.length).toBe(300);
  });

  test("random garbage never throws", () => {
    const alphabet = `ab eq"\\[]().: pr and or not 1-`;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rnd() * 40);
      const s = Array.from({ length: len }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join("");
      const r = parseFilter(s);
      if (!r.ok) expect(r.error.scimType).toBe("invalidFilter");
      const p = parseAttributePath(s);
      if (!p.ok) expect(p.error.scimType).toBe("invalidPath");
    }
  });
});

describe("parseAttributePath (PATCH paths)", () => {
  const ok = (s: string) => {
    const r = parseAttributePath(s);
    if (!r.ok) throw new Error(r.error.detail);
    return r.value.path;
  };

  test("attr, attr.sub, urn:attr, urn:attr.sub", () => {
    expect(ok("userName")).toEqual({ attr: "userName" });
    expect(ok("name.givenName")).toEqual({ attr: "name", sub: "givenName" });
    expect(ok(`${ENT}:manager`)).toEqual({ uri: ENT, attr: "manager" });
    expect(ok(`${ENT}:manager.value`)).toEqual({ uri: ENT, attr: "manager", sub: "value" });
    expect(ok(ENT)).toEqual({ uri: "urn:ietf:params:scim:schemas:extension:enterprise:2.0", attr: "User" });
  });

  test("attr[filter] and attr[filter].sub", () => {
    expect(ok(`members[value eq "2819c223"]`)).toEqual({
      attr: "members",
      filter: { kind: "compare", path: { attr: "value" }, op: "eq", value: "2819c223" },
    });
    expect(ok(`emails[type eq "work"].value`)).toEqual({
      attr: "emails",
      filter: { kind: "compare", path: { attr: "type" }, op: "eq", value: "work" },
      sub: "value",
    });
    expect(ok(`addresses[type eq "work" and primary eq true].streetAddress`)).toMatchObject({
      attr: "addresses",
      filter: { kind: "and" },
      sub: "streetAddress",
    });
    expect(formatPatchPath(ok(`emails[type EQ "work"].value`))).toBe(`emails[type eq "work"].value`);
  });

  test("errors are invalidPath with position", () => {
    const err = (s: unknown) => {
      const r = parseAttributePath(s);
      if (r.ok) throw new Error(`expected failure for ${String(s)}`);
      return r.error;
    };
    expect(err("")).toEqual({ scimType: "invalidPath", detail: "The path is empty" });
    expect(err(42)).toEqual({ scimType: "invalidPath", detail: "The path must be a string" });
    expect(err("a.b.c")).toMatchObject({ scimType: "invalidPath", detail: expect.stringMatching(/more than one sub-attribute/) });
    expect(err(`emails[type eq "work"`)).toMatchObject({ scimType: "invalidPath", detail: expect.stringMatching(/"\]" closing/) });
    expect(err(`emails[type eq "work"]value`)).toEqual({
      scimType: "invalidPath",
      detail: `Invalid path at position 22: expected "." followed by a sub-attribute, or end of path, found "value"`,
    });
    expect(err(`emails[type eq "work"].value.x`)).toMatchObject({ scimType: "invalidPath" });
    expect(err(`userName eq "x"`)).toEqual({
      scimType: "invalidPath",
      detail: `Invalid path at position 8: expected "[", "." or end of path, found whitespace`,
    });
    expect(err(`emails[]`)).toMatchObject({ scimType: "invalidPath" });
  });
});

describe("resolveFilter", () => {
  const resolve = (s: string, rs = USER_RESOURCE) => {
    const r = parseAndResolveFilter(s, rs);
    if (!r.ok) throw new Error(r.error.detail);
    return r.value.filter;
  };
  const resolveErr = (s: string, rs = USER_RESOURCE) => {
    const r = parseAndResolveFilter(s, rs);
    if (r.ok) throw new Error(`expected failure for ${s}`);
    return r.error;
  };

  test("canonicalises attribute names case-insensitively", () => {
    expect(formatFilter(resolve(`DisplayName eq "Bob"`))).toBe(`displayName eq "Bob"`);
    expect(formatFilter(resolve(`name.FamilyName eq "x"`))).toBe(`name.familyName eq "x"`);
    expect(formatFilter(resolve(`meta.Created gt "2015-10-10T14:38:21.8617979-07:00"`))).toBe(
      `meta.created gt "2015-10-10T14:38:21.8617979-07:00"`,
    );
    expect(formatFilter(resolve(`EXTERNALID eq "abc"`))).toBe(`externalId eq "abc"`);
    expect(formatFilter(resolve(`emails[TYPE eq "work"]`))).toBe(`emails[type eq "work"]`);
  });

  test("core URN prefix is dropped, extension URN kept in its canonical spelling", () => {
    expect(formatFilter(resolve(`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"`))).toBe(`userName eq "a"`);
    expect(formatFilter(resolve(`${ENT.toUpperCase()}:Department eq "Sales"`))).toBe(`${ENT}:department eq "Sales"`);
    expect(formatFilter(resolve(`${ENT}:manager.value eq "id"`))).toBe(`${ENT}:manager.value eq "id"`);
  });

  test("comparing a complex multi-valued attribute compares its value", () => {
    expect(formatFilter(resolve(`emails co "example.com"`))).toBe(`emails.value co "example.com"`);
    expect(formatFilter(resolve(`emails pr`))).toBe(`emails pr`);
    expect(formatFilter(resolve(`members eq "id"`, GROUP_RESOURCE))).toBe(`members.value eq "id"`);
  });

  test("Entra value path with trailing sub-attribute resolves", () => {
    expect(formatFilter(resolve(`emails[type eq "work"].value eq "a@b.c"`))).toBe(
      `emails[type eq "work" and value eq "a@b.c"]`,
    );
  });

  test("type checks", () => {
    expect(resolve(`active eq true`)).toMatchObject({ value: true });
    const r = parseAndResolveFilter(`active eq "False"`, USER_RESOURCE);
    expect(r.ok && r.value).toMatchObject({ filter: { value: false }, quirks: ["entra.string-boolean"] });
    expect(resolveErr(`active gt true`)).toEqual({
      scimType: "invalidFilter",
      detail: `"gt" is not supported on the boolean "active"`,
    });
    expect(resolveErr(`active co "t"`).scimType).toBe("invalidFilter");
    expect(resolveErr(`active eq 1`).scimType).toBe("invalidFilter");
    expect(resolveErr(`userName eq 42`)).toEqual({
      scimType: "invalidFilter",
      detail: `"userName" is a string; compare it with a "quoted string", got 42`,
    });
    expect(resolveErr(`meta.lastModified gt "yesterday"`)).toEqual({
      scimType: "invalidFilter",
      detail: `"meta.lastModified" is a dateTime; "yesterday" is not an xsd:dateTime`,
    });
    expect(resolveErr(`meta.lastModified co "2011"`).scimType).toBe("invalidFilter");
    expect(resolveErr(`name eq "x"`).detail).toMatch(/is complex/);
    expect(resolveErr(`password eq "x"`).detail).toBe(`"password" cannot be used in a filter`);
    expect(resolveErr(`userName gt null`).scimType).toBe("invalidFilter");
    expect(resolve(`title eq null`)).toMatchObject({ value: null });
  });

  test("unknown attributes and sub-attributes", () => {
    expect(resolveErr(`nope eq "x"`)).toEqual({ scimType: "invalidFilter", detail: `Unknown attribute "nope" for User` });
    expect(resolveErr(`name.nope eq "x"`).detail).toBe(`Unknown sub-attribute "name.nope" for User`);
    expect(resolveErr(`userName.x eq "x"`).detail).toBe(`"userName" has no sub-attributes (in "userName.x")`);
    expect(resolveErr(`emails[nope eq "x"]`).detail).toBe(`Unknown sub-attribute "emails.nope" in a value filter`);
    expect(resolveErr(`userName[value eq "x"]`).scimType).toBe("invalidFilter");
    expect(resolveErr(`department eq "x"`).detail).toBe(`Unknown attribute "department" for User`);
    expect(resolveErr(`urn:ietf:params:scim:schemas:extension:other:2.0:User:x eq "y"`).scimType).toBe("invalidFilter");
    expect(resolveErr(`userName eq "x"`, GROUP_RESOURCE).detail).toBe(`Unknown attribute "userName" for Group`);
  });

  test("resolveFilter works on an already parsed tree", () => {
    const r = resolveFilter(parsed(`USERNAME eq "x"`), USER_RESOURCE);
    expect(r.ok && formatFilter(r.value.filter)).toBe(`userName eq "x"`);
  });
});

describe("matchValueFilter", () => {
  const emailSubs = findAttr(USER_SCHEMA.attributes, "emails")!.subAttributes;
  const m = (f: string, el: unknown) => {
    const r = parseAttributePath(`emails[${f}]`);
    if (!r.ok) throw new Error(r.error.detail);
    return matchValueFilter(r.value.path.filter!, el, emailSubs);
  };
  const work = { type: "work", value: "Bjensen@Example.com", primary: true };

  test("comparisons are case-insensitive for non-caseExact sub-attributes", () => {
    expect(m(`type eq "WORK"`, work)).toBe(true);
    expect(m(`value eq "bjensen@example.com"`, work)).toBe(true);
    expect(m(`value co "EXAMPLE"`, work)).toBe(true);
    expect(m(`value sw "bj"`, work)).toBe(true);
    expect(m(`value ew ".COM"`, work)).toBe(true);
    expect(m(`type ne "work"`, work)).toBe(false);
  });

  test("sub-attribute names are case-insensitive in the element too", () => {
    expect(m(`primary eq true`, { Primary: true })).toBe(true);
    expect(m(`Primary eq true`, { primary: "True" })).toBe(true);
  });

  test("logic, presence and null", () => {
    expect(m(`type eq "work" and primary eq true`, work)).toBe(true);
    expect(m(`type eq "home" or primary eq true`, work)).toBe(true);
    expect(m(`not (type eq "work")`, work)).toBe(false);
    expect(m(`display pr`, work)).toBe(false);
    expect(m(`display eq null`, work)).toBe(true);
    expect(m(`value pr`, work)).toBe(true);
    expect(m(`display ne "x"`, work)).toBe(true);
  });

  test("ordering on strings and dates", () => {
    expect(m(`value gt "a"`, work)).toBe(true);
    expect(m(`value lt "a"`, work)).toBe(false);
    const metaSubs = findAttr(
      [{ name: "x", type: "dateTime", multiValued: false, description: "", required: false, caseExact: false, mutability: "readWrite", returned: "default", uniqueness: "none" }],
      "x",
    );
    const f: Filter = { kind: "compare", path: { attr: "x" }, op: "gt", value: "2020-01-01T00:00:00Z" };
    expect(matchValueFilter(f, { x: "2020-01-01T01:00:00+00:30" }, [metaSubs!])).toBe(true);
  });

  test("caseExact sub-attributes compare exactly", () => {
    const subs = [{ ...emailSubs![0]!, caseExact: true }];
    const f: Filter = { kind: "compare", path: { attr: "value" }, op: "eq", value: "abc" };
    expect(matchValueFilter(f, { value: "ABC" }, subs)).toBe(false);
    expect(matchValueFilter(f, { value: "abc" }, subs)).toBe(true);
  });
});
