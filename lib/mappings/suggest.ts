// Suggestions for the mapping editor (issue #4: "suggestions of attribute names and values seen in recent
// sign-ins and SCIM pushes"). Pure: the caller loads recent samples; this counts them.

import { PROTOCOL_CLAIMS, type MappingGroup } from "./claims";

export type ObservedSample = {
  attributes?: Readonly<Record<string, unknown>>;
  groups?: readonly (string | MappingGroup)[];
};

export type SuggestOptions = {
  /** Attribute names returned, most frequent first. Default 50. */
  maxNames?: number;
  /** Values per attribute name and group names returned. Default 10. */
  maxValues?: number;
  /** How deep nested claims are followed (`resource_access.app.roles` is 3). Default 4. */
  maxDepth?: number;
  /** Longer values (tokens, pictures) are not suggested. Default 128. */
  maxValueLength?: number;
};

export type ValueCount = { value: string; count: number };
/** `samples`: how many samples had this attribute; `values[].count`: how many had that value. */
export type AttributeSuggestion = { name: string; samples: number; values: ValueCount[] };
export type MappingSuggestions = { attributes: AttributeSuggestion[]; groups: ValueCount[] };

const MAX_ARRAY_ELEMENTS = 200;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// Values count case-insensitively because rules match that way; the first spelling seen is shown.
const fold = (s: string) => s.normalize("NFC").trim().toLowerCase();

class Counter {
  private readonly entries = new Map<string, ValueCount>();
  bump(value: string) {
    const key = fold(value);
    const e = this.entries.get(key);
    if (e) e.count++;
    else this.entries.set(key, { value: value.trim(), count: 1 });
  }
  top(n: number): ValueCount[] {
    return [...this.entries.values()]
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, n)
      .map((e) => ({ ...e }));
  }
}

/**
 * Attribute names (dotted paths, as rules and readPath take them) with their most frequent values, and the
 * most frequent group names. Each sample counts once per name and once per distinct value.
 *
 * Arrays of objects are projected (`emails.type`), matching readPath. An object's keys are offered as values
 * only when it is role-map shaped (every value an object or boolean, as Zitadel's project roles claim);
 * names that never carried a usable value are left out. Protocol claims are skipped.
 */
export function suggestMappingValues(samples: readonly ObservedSample[], options: SuggestOptions = {}): MappingSuggestions {
  const maxNames = options.maxNames ?? 50;
  const maxValues = options.maxValues ?? 10;
  const maxDepth = options.maxDepth ?? 4;
  const maxValueLength = options.maxValueLength ?? 128;

  const nameCounts = new Map<string, number>();
  const valueCounts = new Map<string, Counter>();
  const groups = new Counter();

  for (const sample of samples) {
    const seen = new Map<string, Map<string, string>>();
    const add = (path: string, value: string) => {
      const v = value.trim();
      if (v === "" || v.length > maxValueLength) return;
      let values = seen.get(path);
      if (!values) seen.set(path, (values = new Map()));
      if (!values.has(fold(v))) values.set(fold(v), v);
    };
    const visit = (value: unknown, path: string, depth: number) => {
      if (typeof value === "string") add(path, value);
      else if (typeof value === "number" && Number.isFinite(value)) add(path, String(value));
      else if (typeof value === "boolean") add(path, String(value));
      else if (Array.isArray(value)) {
        for (const el of value.slice(0, MAX_ARRAY_ELEMENTS)) visit(el, path, depth);
      } else if (isRecord(value) && depth < maxDepth) {
        const children = Object.entries(value);
        const roleMap = children.length > 0 && children.every(([, c]) => isRecord(c) || typeof c === "boolean");
        if (roleMap && path) for (const [k, c] of children) if (c) add(path, k);
        for (const [k, c] of children) {
          if (depth === 0 && PROTOCOL_CLAIMS.has(k)) continue;
          visit(c, path ? `${path}.${k}` : k, depth + 1);
        }
      }
    };
    visit(sample.attributes ?? {}, "", 0);

    for (const [path, values] of seen) {
      nameCounts.set(path, (nameCounts.get(path) ?? 0) + 1);
      let counter = valueCounts.get(path);
      if (!counter) valueCounts.set(path, (counter = new Counter()));
      for (const v of values.values()) counter.bump(v);
    }

    const groupNames = new Map<string, string>();
    for (const g of sample.groups ?? []) {
      const name = (typeof g === "string" ? g : g.displayName).trim();
      if (name && name.length <= maxValueLength && !groupNames.has(fold(name))) groupNames.set(fold(name), name);
    }
    for (const name of groupNames.values()) groups.bump(name);
  }

  const attributes = [...nameCounts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, maxNames)
    .map(([name, count]) => ({ name, samples: count, values: valueCounts.get(name)!.top(maxValues) }));

  return { attributes, groups: groups.top(maxValues) };
}
