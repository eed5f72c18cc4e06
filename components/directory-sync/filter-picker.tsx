"use client";

import type { DirectoryProvider } from "@/lib/directory/types";
import type { DirectoryFilterInput } from "@/lib/directory-sync/schemas";
import { SelectField, TextareaField, TextField } from "@/components/ui/form-field";
import { splitList } from "./format";

export type FilterKind = DirectoryFilterInput["kind"];
export type FilterDraft = { kind: FilterKind; values: string; query: string };
export const EMPTY_FILTER: FilterDraft = { kind: "all", values: "", query: "" };

// Where a provider has a query language, say which one, with an example that works.
const QUERY_HINTS: Partial<Record<DirectoryProvider, { name: string; example: string }>> = {
  okta: { name: "Okta search expression", example: 'profile.department eq "Engineering"' },
  entra: { name: "Microsoft Graph $filter", example: "department eq 'Engineering'" },
  google: { name: "Google Admin SDK query", example: "orgUnitPath='/Engineering'" },
  keycloak: { name: "Keycloak search", example: "q=department:Engineering" },
  zitadel: { name: "Zitadel user query (JSON)", example: '{"emailQuery":{"emailAddress":"@acme.com","method":"TEXT_QUERY_METHOD_ENDS_WITH"}}' },
  sailpoint: { name: "SailPoint filter", example: 'attributes.department eq "Engineering"' },
};

const LIST_FIELDS: Record<"groups" | "roles" | "departments", { label: string; hint: string; placeholder: string }> = {
  groups: { label: "Groups", hint: "Directory group ids or names, separated by commas or new lines.", placeholder: "Engineering, Sales" },
  roles: { label: "Roles", hint: "Directory roles (or app roles), separated by commas or new lines.", placeholder: "Employee" },
  departments: { label: "Departments", hint: "Department names as the directory spells them.", placeholder: "Engineering" },
};

/** The draft as the DirectoryFilter the services take (the schema checks it; empty lists fail there). */
export function toFilter(d: FilterDraft): DirectoryFilterInput {
  switch (d.kind) {
    case "groups": return { kind: "groups", groupIds: splitList(d.values) };
    case "roles": return { kind: "roles", roles: splitList(d.values) };
    case "departments": return { kind: "departments", departments: splitList(d.values) };
    case "query": return { kind: "query", query: d.query.trim() };
    default: return { kind: "all" };
  }
}

/** All users / groups / roles / departments / the provider's own query language. */
export function FilterPicker({ value, onChange, provider, error, disabled }: { value: FilterDraft; onChange: (next: FilterDraft) => void; provider: DirectoryProvider; error?: string; disabled?: boolean }) {
  const hint = QUERY_HINTS[provider];
  const list = value.kind === "groups" || value.kind === "roles" || value.kind === "departments" ? LIST_FIELDS[value.kind] : null;
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <SelectField label="Who to import" value={value.kind} disabled={disabled} onChange={(e) => onChange({ ...value, kind: e.target.value as FilterKind })}>
        <option value="all">All users</option>
        <option value="groups">Members of groups</option>
        <option value="roles">Users with roles</option>
        <option value="departments">Users in departments</option>
        {hint ? <option value="query">Provider query ({hint.name})</option> : null}
      </SelectField>
      {list ? (
        <TextField
          fieldClassName="sm:col-span-2"
          label={list.label}
          hint={list.hint}
          placeholder={list.placeholder}
          value={value.values}
          error={error}
          disabled={disabled}
          onChange={(e) => onChange({ ...value, values: e.target.value })}
        />
      ) : null}
      {value.kind === "query" && hint ? (
        <TextareaField
          fieldClassName="sm:col-span-2"
          label={hint.name}
          hint={<>For example <code className="font-mono">{hint.example}</code></>}
          placeholder={hint.example}
          rows={2}
          className="font-mono"
          value={value.query}
          error={error}
          disabled={disabled}
          onChange={(e) => onChange({ ...value, query: e.target.value })}
        />
      ) : null}
    </div>
  );
}
