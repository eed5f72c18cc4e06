/**
 * SCIM filter and attribute-path parser (RFC 7644 §3.4.2.2 and §3.5.2). Pure: strings in, AST or a
 * `{ scimType, detail }` issue out. `resolveFilter` checks an AST against a resource schema and
 * canonicalises attribute names so the SQL translator can trust it; `matchValueFilter` evaluates a
 * value filter against one element of a multi-valued attribute (PATCH `emails[type eq "work"]`).
 */
import { QuirkLog, type Quirk } from "./quirks";
import { fail, ok, type Result, type ScimType } from "./result";
import {
  findAttr,
  resolveAttribute,
  type AttributeDef,
  type ResolvedAttribute,
  type ResourceSchema,
} from "./schema";

/** `[uri ":"] attr ["." sub]`; `uri` is the schema URN as written (e.g. the enterprise extension id). */
export type AttrPath = { uri?: string; attr: string; sub?: string };

export const COMPARE_OPS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
export type CompValue = string | number | boolean | null;

export type Filter =
  | { kind: "compare"; path: AttrPath; op: CompareOp; value: CompValue }
  | { kind: "present"; path: AttrPath }
  | { kind: "and"; filters: Filter[] }
  | { kind: "or"; filters: Filter[] }
  | { kind: "not"; filter: Filter }
  /** `attr[filter]`: paths inside `filter` name sub-attributes of `path.attr`. */
  | { kind: "valuePath"; path: AttrPath; filter: Filter };

/** A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:...:attr`, `attr[filter]`, `attr[filter].sub`. */
export type PatchPath = { uri?: string; attr: string; filter?: Filter; sub?: string };

export type FilterParseOptions = {
  /** Longest accepted filter in characters (default 4096). */
  maxLength?: number;
  /** Deepest accepted nesting of parentheses, `not` and value filters (default 16). */
  maxDepth?: number;
  /** Reject IdP deviations (unquoted values, `attr[...].sub op value`) instead of normalising them. */
  strict?: boolean;
};

export type ParsedFilter = { filter: Filter; quirks: Quirk[] };
export type ParsedPatchPath = { path: PatchPath; quirks: Quirk[] };

export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 16;

const KEYWORDS = new Set(["and", "or", "not", "pr", ...COMPARE_OPS]);
const NAME_RE = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;
const URN_RE = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/i;
const JSON_NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const PATH_CHAR_RE = /[A-Za-z0-9_$:.\-]/;
const BARE_STOP_RE = /[\s()[\]]/;

class SyntaxIssue {
  constructor(readonly detail: string) {}
}

function describeFound(src: string, pos: number): string {
  if (pos >= src.length) return "end of input";
  if (/\s/.test(src[pos]!)) return "whitespace";
  const m = /^\S{1,20}/.exec(src.slice(pos));
  return JSON.stringify(m ? m[0] : src[pos]);
}

class Parser {
  pos = 0;
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly what: "filter" | "path",
    private readonly quirks: QuirkLog,
    private readonly maxDepth: number,
    private readonly strict: boolean,
  ) {}

  fail(expected: string, at = this.pos): never {
    throw new SyntaxIssue(`Invalid ${this.what} at position ${at}: expected ${expected}, found ${describeFound(this.src, at)}`);
  }

  private enter(at: number) {
    if (++this.depth > this.maxDepth) {
      throw new SyntaxIssue(`Invalid ${this.what} at position ${at}: nested deeper than ${this.maxDepth} levels`);
    }
  }
  private leave() {
    this.depth--;
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  skipWs(): boolean {
    const start = this.pos;
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
    return this.pos > start;
  }

  private peekChar(): string | undefined {
    return this.src[this.pos];
  }

  private expectChar(c: string, what = `"${c}"`) {
    if (this.src[this.pos] !== c) this.fail(what);
    this.pos++;
  }

  /** A case-insensitive keyword at the cursor, delimited on the right by a non-name character. */
  private peekKeyword(word: string): boolean {
    const end = this.pos + word.length;
    if (this.src.slice(this.pos, end).toLowerCase() !== word) return false;
    const next = this.src[end];
    return next === undefined || !/[A-Za-z0-9_$:.\-]/.test(next);
  }

  private readWord(): string {
    const start = this.pos;
    while (this.pos < this.src.length && /[A-Za-z]/.test(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }

  // FILTER := and ("or" and)*   (RFC 7644 §3.4.2.2: "and" binds tighter than "or")
  parseOr(inValuePath: boolean): Filter {
    const first = this.parseAnd(inValuePath);
    const filters = [first];
    for (;;) {
      const save = this.pos;
      this.skipWs();
      if (!this.peekKeyword("or")) {
        this.pos = save;
        break;
      }
      this.pos += 2;
      this.skipWs();
      filters.push(this.parseAnd(inValuePath));
    }
    return filters.length === 1 ? first : { kind: "or", filters };
  }

  private parseAnd(inValuePath: boolean): Filter {
    const first = this.parseUnary(inValuePath);
    const filters = [first];
    for (;;) {
      const save = this.pos;
      this.skipWs();
      if (!this.peekKeyword("and")) {
        this.pos = save;
        break;
      }
      this.pos += 3;
      this.skipWs();
      filters.push(this.parseUnary(inValuePath));
    }
    return filters.length === 1 ? first : { kind: "and", filters };
  }

  private parseUnary(inValuePath: boolean): Filter {
    this.skipWs();
    const at = this.pos;
    if (this.peekKeyword("not")) {
      this.pos += 3;
      this.skipWs();
      if (this.peekChar() !== "(") this.fail(`"(" after "not"`);
      this.pos++;
      this.enter(at);
      const inner = this.parseOr(inValuePath);
      this.skipWs();
      this.expectChar(")", `")" closing the "not (" at position ${at}`);
      this.leave();
      return { kind: "not", filter: inner };
    }
    if (this.peekChar() === "(") {
      this.pos++;
      this.enter(at);
      const inner = this.parseOr(inValuePath);
      this.skipWs();
      this.expectChar(")", `")" closing the "(" at position ${at}`);
      this.leave();
      return inner;
    }
    return this.parseAttrExp(inValuePath);
  }

  /** Reads `[uri ":"] attr ["." sub]` (no filter). */
  parseAttrPath(): AttrPath {
    const start = this.pos;
    while (this.pos < this.src.length && PATH_CHAR_RE.test(this.src[this.pos]!)) this.pos++;
    const raw = this.src.slice(start, this.pos);
    if (!raw) this.fail("an attribute path", start);
    return this.splitAttrPath(raw, start);
  }

  private splitAttrPath(raw: string, start: number): AttrPath {
    let uri: string | undefined;
    let rest = raw;
    const colon = raw.lastIndexOf(":");
    if (colon >= 0) {
      uri = raw.slice(0, colon);
      rest = raw.slice(colon + 1);
      if (!URN_RE.test(uri)) {
        throw new SyntaxIssue(`Invalid ${this.what} at position ${start}: "${uri}" is not a schema URN`);
      }
    }
    const parts = rest.split(".");
    if (parts.length > 2) {
      throw new SyntaxIssue(
        `Invalid ${this.what} at position ${start}: "${raw}" has more than one sub-attribute (attr.sub is the deepest path)`,
      );
    }
    const [attr, sub] = parts as [string, string | undefined];
    if (!NAME_RE.test(attr)) {
      throw new SyntaxIssue(`Invalid ${this.what} at position ${start}: "${attr}" is not a valid attribute name`);
    }
    if (sub !== undefined && !NAME_RE.test(sub)) {
      throw new SyntaxIssue(`Invalid ${this.what} at position ${start}: "${sub}" is not a valid sub-attribute name`);
    }
    return { ...(uri !== undefined ? { uri } : {}), attr, ...(sub !== undefined ? { sub } : {}) };
  }

  /** `attr[valFilter]`, cursor on "[". Returns the inner filter. */
  parseBracket(path: AttrPath, inValuePath: boolean): Filter {
    const at = this.pos;
    if (inValuePath) throw new SyntaxIssue(`Invalid ${this.what} at position ${at}: value filters cannot be nested`);
    if (path.sub !== undefined) {
      throw new SyntaxIssue(
        `Invalid ${this.what} at position ${at}: a value filter must follow an attribute, not the sub-attribute "${path.attr}.${path.sub}"`,
      );
    }
    this.pos++;
    this.enter(at);
    const inner = this.parseOr(true);
    this.skipWs();
    this.expectChar("]", `"]" closing the "[" at position ${at}`);
    this.leave();
    return inner;
  }

  private parseAttrExp(inValuePath: boolean): Filter {
    const start = this.pos;
    if (this.atEnd() || !PATH_CHAR_RE.test(this.src[this.pos]!)) this.fail(`an attribute path, "(" or "not"`);
    const path = this.parseAttrPath();
    if (this.peekChar() === "[") {
      const inner = this.parseBracket(path, inValuePath);
      if (this.peekChar() !== ".") return { kind: "valuePath", path, filter: inner };
      // Entra: `emails[type eq "work"].value eq "x"` means the same element satisfies both conditions.
      if (this.strict) this.fail(`"and", "or", ")" or end of filter`);
      this.pos++;
      const subStart = this.pos;
      const sub = this.parseAttrPath();
      if (sub.uri !== undefined || sub.sub !== undefined) this.fail("a sub-attribute name", subStart);
      this.quirks.add("entra.value-path-sub-attribute-filter");
      const tail = this.parseOperatorAndValue({ attr: sub.attr });
      return { kind: "valuePath", path, filter: { kind: "and", filters: [...flatAnd(inner), tail] } };
    }
    if (inValuePath && path.uri !== undefined) {
      throw new SyntaxIssue(`Invalid ${this.what} at position ${start}: attributes inside a value filter cannot have a schema URN`);
    }
    return this.parseOperatorAndValue(path);
  }

  private parseOperatorAndValue(path: AttrPath): Filter {
    const hadWs = this.skipWs();
    const opAt = this.pos;
    const word = this.readWord().toLowerCase();
    if (!hadWs || !word) {
      this.pos = opAt;
      this.fail(`an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)`);
    }
    if (word === "pr") return { kind: "present", path };
    if (!(COMPARE_OPS as readonly string[]).includes(word)) {
      this.pos = opAt;
      this.fail(`an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)`);
    }
    this.skipWs();
    return { kind: "compare", path, op: word as CompareOp, value: this.parseValue() };
  }

  private parseValue(): CompValue {
    const at = this.pos;
    if (this.peekChar() === '"') {
      let i = this.pos + 1;
      while (i < this.src.length && this.src[i] !== '"') i += this.src[i] === "\\" ? 2 : 1;
      if (i >= this.src.length) {
        throw new SyntaxIssue(`Invalid ${this.what} at position ${at}: unterminated string`);
      }
      const literal = this.src.slice(at, i + 1);
      try {
        const v: unknown = JSON.parse(literal);
        this.pos = i + 1;
        return v as string;
      } catch {
        throw new SyntaxIssue(
          `Invalid ${this.what} at position ${at}: ${literal.slice(0, 40)} is not a valid JSON string (bad escape or control character)`,
        );
      }
    }
    let i = this.pos;
    while (i < this.src.length && !BARE_STOP_RE.test(this.src[i]!)) i++;
    const token = this.src.slice(at, i);
    const expected = `a value (a "quoted string", a number, true, false or null)`;
    if (!token) this.fail(expected);
    const lower = token.toLowerCase();
    let value: CompValue;
    if (lower === "true") value = true;
    else if (lower === "false") value = false;
    else if (lower === "null") value = null;
    else if (JSON_NUMBER_RE.test(token)) value = Number(token);
    else {
      // Microsoft's reference tests send `userName sw O` and `meta.created gt 2015-10-10T14:38:21-07:00`.
      if (this.strict || KEYWORDS.has(lower)) this.fail(expected);
      this.quirks.add("entra.unquoted-filter-value");
      value = token;
    }
    this.pos = i;
    return value;
  }
}

function flatAnd(f: Filter): Filter[] {
  return f.kind === "and" ? f.filters : [f];
}

function checkInput(input: unknown, what: string, maxLength: number, scimType: ScimType): Result<string> {
  if (typeof input !== "string") return fail(scimType, `The ${what} must be a string`);
  if (input.length > maxLength) return fail(scimType, `The ${what} is longer than ${maxLength} characters`);
  if (!input.trim()) return fail(scimType, `The ${what} is empty`);
  return ok(input);
}

/**
 * Parses a `filter` query parameter. Keywords, operators and true/false/null are case-insensitive;
 * attribute names are kept as written (see `resolveFilter`). Never throws.
 */
export function parseFilter(input: unknown, options: FilterParseOptions = {}): Result<ParsedFilter> {
  const checked = checkInput(input, "filter", options.maxLength ?? MAX_FILTER_LENGTH, "invalidFilter");
  if (!checked.ok) return checked;
  const quirks = new QuirkLog();
  const p = new Parser(checked.value, "filter", quirks, options.maxDepth ?? MAX_FILTER_DEPTH, options.strict ?? false);
  try {
    const filter = p.parseOr(false);
    p.skipWs();
    if (!p.atEnd()) p.fail(`"and", "or" or end of filter`);
    return ok({ filter, quirks: quirks.list() });
  } catch (e) {
    if (e instanceof SyntaxIssue) return fail("invalidFilter", e.detail);
    // RangeError (stack) cannot happen within the depth limit; anything else is a bug worth surfacing.
    throw e;
  }
}

/**
 * Parses a PATCH `path` (RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]). Every error, including
 * one inside the brackets, is `invalidPath` (RFC 7644 §3.12: the "path" attribute was invalid or malformed).
 */
export function parseAttributePath(input: unknown, options: FilterParseOptions = {}): Result<ParsedPatchPath> {
  const checked = checkInput(input, "path", options.maxLength ?? MAX_FILTER_LENGTH, "invalidPath");
  if (!checked.ok) return checked;
  const src = checked.value.trim();
  const quirks = new QuirkLog();
  const p = new Parser(src, "path", quirks, options.maxDepth ?? MAX_FILTER_DEPTH, options.strict ?? false);
  try {
    const base = p.parseAttrPath();
    let filter: Filter | undefined;
    let sub = base.sub;
    if (src[p.pos] === "[") {
      filter = p.parseBracket(base, false);
      if (src[p.pos] === ".") {
        p.pos++;
        const subAt = p.pos;
        const s = p.parseAttrPath();
        if (s.uri !== undefined || s.sub !== undefined) p.fail("a sub-attribute name", subAt);
        sub = s.attr;
      }
    }
    if (!p.atEnd()) p.fail(filter ? `"." followed by a sub-attribute, or end of path` : `"[", "." or end of path`);
    const path: PatchPath = {
      ...(base.uri !== undefined ? { uri: base.uri } : {}),
      attr: base.attr,
      ...(filter ? { filter } : {}),
      ...(sub !== undefined ? { sub } : {}),
    };
    return ok({ path, quirks: quirks.list() });
  } catch (e) {
    if (e instanceof SyntaxIssue) return fail("invalidPath", e.detail);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// Formatting

function formatAttrPath(p: AttrPath): string {
  return `${p.uri !== undefined ? `${p.uri}:` : ""}${p.attr}${p.sub !== undefined ? `.${p.sub}` : ""}`;
}

/** Canonical text of a filter: lower-case operators, JSON literals, minimal parentheses. */
export function formatFilter(f: Filter): string {
  switch (f.kind) {
    case "compare":
      return `${formatAttrPath(f.path)} ${f.op} ${JSON.stringify(f.value)}`;
    case "present":
      return `${formatAttrPath(f.path)} pr`;
    case "not":
      return `not (${formatFilter(f.filter)})`;
    case "valuePath":
      return `${formatAttrPath(f.path)}[${formatFilter(f.filter)}]`;
    case "and":
      return f.filters.map((c) => (c.kind === "or" ? `(${formatFilter(c)})` : formatFilter(c))).join(" and ");
    case "or":
      return f.filters.map(formatFilter).join(" or ");
  }
}

export function formatPatchPath(p: PatchPath): string {
  const base = `${p.uri !== undefined ? `${p.uri}:` : ""}${p.attr}`;
  if (p.filter) return `${base}[${formatFilter(p.filter)}]${p.sub !== undefined ? `.${p.sub}` : ""}`;
  return `${base}${p.sub !== undefined ? `.${p.sub}` : ""}`;
}

// ---------------------------------------------------------------------------------------------------
// Schema resolution

export type ResolvedAttrPath = {
  attribute: ResolvedAttribute;
  /** The sub-attribute definition when the path names one (including the implicit `value`). */
  subDef?: AttributeDef;
  /** Canonical path: `uri` only for extension attributes, names in schema case. */
  path: AttrPath;
};

const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/i;

export function isDateTime(v: string): boolean {
  return DATE_TIME_RE.test(v) && !Number.isNaN(Date.parse(v));
}

/** Resolves one attribute path of a filter against the resource schema. */
export function resolveAttrPath(rs: ResourceSchema, p: AttrPath): Result<ResolvedAttrPath> {
  const attribute = resolveAttribute(rs, p.attr, p.uri);
  const shown = formatAttrPath(p);
  if (!attribute) return fail("invalidFilter", `Unknown attribute "${shown}" for ${rs.name}`);
  const canonical: AttrPath = {
    ...(attribute.isExtension ? { uri: attribute.schema!.id } : {}),
    attr: attribute.def.name,
  };
  if (p.sub === undefined) return ok({ attribute, path: canonical });
  if (attribute.def.type !== "complex") {
    return fail("invalidFilter", `"${attribute.def.name}" has no sub-attributes (in "${shown}")`);
  }
  const subDef = findAttr(attribute.def.subAttributes, p.sub);
  if (!subDef) return fail("invalidFilter", `Unknown sub-attribute "${shown}" for ${rs.name}`);
  return ok({ attribute, subDef, path: { ...canonical, sub: subDef.name } });
}

function checkComparison(
  def: AttributeDef,
  op: CompareOp,
  value: CompValue,
  shown: string,
  quirks: QuirkLog,
): Result<CompValue> {
  if (def.returned === "never") return fail("invalidFilter", `"${shown}" cannot be used in a filter`);
  if (def.type === "complex") {
    return fail("invalidFilter", `"${shown}" is complex; compare one of its sub-attributes or use "${shown}[...]"`);
  }
  if (value === null) {
    return op === "eq" || op === "ne" ? ok(null) : fail("invalidFilter", `"${op}" cannot compare "${shown}" with null`);
  }
  const ordering = op === "gt" || op === "ge" || op === "lt" || op === "le";
  const substring = op === "co" || op === "sw" || op === "ew";
  switch (def.type) {
    case "boolean": {
      // RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean SHALL fail with invalidFilter.
      if (ordering || substring) return fail("invalidFilter", `"${op}" is not supported on the boolean "${shown}"`);
      if (typeof value === "boolean") return ok(value);
      if (typeof value === "string" && /^(true|false)$/i.test(value)) {
        quirks.add("entra.string-boolean");
        return ok(value.toLowerCase() === "true");
      }
      return fail("invalidFilter", `"${shown}" is a boolean; compare it with true or false`);
    }
    case "integer":
    case "decimal":
      if (substring) return fail("invalidFilter", `"${op}" is not supported on the number "${shown}"`);
      if (typeof value !== "number" || (def.type === "integer" && !Number.isInteger(value))) {
        return fail("invalidFilter", `"${shown}" is a${def.type === "integer" ? "n integer" : " number"}; got ${JSON.stringify(value)}`);
      }
      return ok(value);
    case "dateTime":
      if (substring) return fail("invalidFilter", `"${op}" is not supported on the dateTime "${shown}"`);
      if (typeof value !== "string" || !isDateTime(value)) {
        return fail("invalidFilter", `"${shown}" is a dateTime; ${JSON.stringify(value)} is not an xsd:dateTime`);
      }
      return ok(value);
    case "binary":
      if (ordering) return fail("invalidFilter", `"${op}" is not supported on the binary "${shown}"`);
      if (typeof value !== "string") return fail("invalidFilter", `"${shown}" is binary; compare it with a string`);
      return ok(value);
    default:
      if (typeof value !== "string") {
        return fail("invalidFilter", `"${shown}" is a string; compare it with a "quoted string", got ${JSON.stringify(value)}`);
      }
      return ok(value);
  }
}

/**
 * Checks a parsed filter against a resource schema: every attribute exists, operators suit the type,
 * values have the right type. Returns the same filter with canonical names (schema case, the enterprise
 * URN only on extension attributes) and complex multi-valued comparisons made explicit
 * (`emails co "x"` -> `emails.value co "x"`, RFC 7644 §3.4.2.2). Errors are `invalidFilter`.
 */
export function resolveFilter(filter: Filter, rs: ResourceSchema): Result<ParsedFilter> {
  const quirks = new QuirkLog();
  const walk = (f: Filter, parent?: ResolvedAttrPath): Result<Filter> => {
    switch (f.kind) {
      case "and":
      case "or": {
        const out: Filter[] = [];
        for (const c of f.filters) {
          const r = walk(c, parent);
          if (!r.ok) return r;
          out.push(r.value);
        }
        return ok({ kind: f.kind, filters: out });
      }
      case "not": {
        const r = walk(f.filter, parent);
        return r.ok ? ok({ kind: "not", filter: r.value }) : r;
      }
      case "valuePath": {
        const base = resolveAttrPath(rs, f.path);
        if (!base.ok) return base;
        if (base.value.attribute.def.type !== "complex") {
          return fail("invalidFilter", `"${formatAttrPath(f.path)}" is not complex and cannot take a value filter`);
        }
        const r = walk(f.filter, base.value);
        return r.ok ? ok({ kind: "valuePath", path: base.value.path, filter: r.value }) : r;
      }
      case "present":
      case "compare": {
        let target: AttributeDef;
        let path: AttrPath;
        if (parent) {
          const sub = findAttr(parent.attribute.def.subAttributes, f.path.attr);
          const shown = `${parent.path.attr}.${f.path.attr}`;
          if (!sub || f.path.sub !== undefined || f.path.uri !== undefined) {
            return fail("invalidFilter", `Unknown sub-attribute "${shown}${f.path.sub ? `.${f.path.sub}` : ""}" in a value filter`);
          }
          target = sub;
          path = { attr: sub.name };
        } else {
          const r = resolveAttrPath(rs, f.path);
          if (!r.ok) return r;
          path = r.value.path;
          target = r.value.subDef ?? r.value.attribute.def;
          if (f.kind === "compare" && target.type === "complex" && r.value.subDef === undefined) {
            const value = findAttr(target.subAttributes, "value");
            if (value && target.multiValued) {
              target = value;
              path = { ...path, sub: value.name };
            }
          }
        }
        if (f.kind === "present") {
          if (target.returned === "never") return fail("invalidFilter", `"${formatAttrPath(path)}" cannot be used in a filter`);
          return ok({ kind: "present", path });
        }
        const v = checkComparison(target, f.op, f.value, formatAttrPath(path), quirks);
        return v.ok ? ok({ kind: "compare", path, op: f.op, value: v.value }) : v;
      }
    }
  };
  const r = walk(filter);
  return r.ok ? ok({ filter: r.value, quirks: quirks.list() }) : r;
}

/** parseFilter + resolveFilter, with the quirks of both. */
export function parseAndResolveFilter(
  input: unknown,
  rs: ResourceSchema,
  options: FilterParseOptions = {},
): Result<ParsedFilter> {
  const parsed = parseFilter(input, options);
  if (!parsed.ok) return parsed;
  const resolved = resolveFilter(parsed.value.filter, rs);
  if (!resolved.ok) return resolved;
  return ok({ filter: resolved.value.filter, quirks: [...new Set([...parsed.value.quirks, ...resolved.value.quirks])] });
}

// ---------------------------------------------------------------------------------------------------
// In-memory evaluation of a value filter against ONE element of a multi-valued attribute.

function getCaseInsensitive(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const n = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === n) return obj[k];
  return undefined;
}

function isAssigned(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

function compareScalar(def: AttributeDef | undefined, op: CompareOp, actual: unknown, expected: CompValue): boolean {
  if (expected === null) return op === "eq" ? !isAssigned(actual) : isAssigned(actual);
  if (actual === undefined || actual === null) return op === "ne";
  if (typeof expected === "boolean" || typeof actual === "boolean") {
    const a = typeof actual === "string" ? actual.toLowerCase() === "true" : actual;
    const e = typeof expected === "string" ? expected.toLowerCase() === "true" : expected;
    if (op === "eq") return a === e;
    if (op === "ne") return a !== e;
    return false;
  }
  if (typeof expected === "number" && typeof actual === "number") {
    switch (op) {
      case "eq": return actual === expected;
      case "ne": return actual !== expected;
      case "gt": return actual > expected;
      case "ge": return actual >= expected;
      case "lt": return actual < expected;
      case "le": return actual <= expected;
      default: return false;
    }
  }
  if (def?.type === "dateTime" && typeof actual === "string" && typeof expected === "string") {
    const a = Date.parse(actual);
    const e = Date.parse(expected);
    if (!Number.isNaN(a) && !Number.isNaN(e)) {
      switch (op) {
        case "eq": return a === e;
        case "ne": return a !== e;
        case "gt": return a > e;
        case "ge": return a >= e;
        case "lt": return a < e;
        case "le": return a <= e;
        default: break;
      }
    }
  }
  const caseExact = def?.caseExact ?? false;
  const norm = (s: string) => (caseExact ? s : s.toLowerCase());
  const a = norm(String(actual));
  const e = norm(String(expected));
  switch (op) {
    case "eq": return a === e;
    case "ne": return a !== e;
    case "co": return a.includes(e);
    case "sw": return a.startsWith(e);
    case "ew": return a.endsWith(e);
    case "gt": return a > e;
    case "ge": return a >= e;
    case "lt": return a < e;
    case "le": return a <= e;
  }
}

/**
 * True when `element` (one value of a complex multi-valued attribute) satisfies `filter`, comparing
 * case-insensitively unless the sub-attribute is caseExact. `filter` must be a value filter (sub-attribute
 * names, no nested value paths).
 */
export function matchValueFilter(filter: Filter, element: unknown, subAttributes: readonly AttributeDef[] | undefined): boolean {
  switch (filter.kind) {
    case "and":
      return filter.filters.every((f) => matchValueFilter(f, element, subAttributes));
    case "or":
      return filter.filters.some((f) => matchValueFilter(f, element, subAttributes));
    case "not":
      return !matchValueFilter(filter.filter, element, subAttributes);
    case "valuePath":
      return false;
    case "present":
    case "compare": {
      const def = findAttr(subAttributes, filter.path.attr);
      const actual =
        element !== null && typeof element === "object" && !Array.isArray(element)
          ? getCaseInsensitive(element as Record<string, unknown>, filter.path.attr)
          : filter.path.attr.toLowerCase() === "value"
            ? element
            : undefined;
      if (filter.kind === "present") return isAssigned(actual);
      return compareScalar(def, filter.op, actual, filter.value);
    }
  }
}
