"use client";

import { useState } from "react";
import type { DirectoryProvider } from "@/lib/directory/types";
import type { DirectoryFilterInput } from "@/lib/directory-sync/schemas";
import { Spinner } from "@/components/ui/button";
import { Input, SelectField, TextareaField, TextField } from "@/components/ui/form-field";
import { splitList } from "./format";
import type { DirectorySyncActions } from "./types";

export type FilterKind = DirectoryFilterInput["kind"];
export type FilterDraft = { kind: FilterKind; values: string; query: string; groupIds: string[] };
export const EMPTY_FILTER: FilterDraft = { kind: "all", values: "", query: "", groupIds: [] };

// Where a provider has a query language, say which one, with an example that works.
const QUERY_HINTS: Partial<Record<DirectoryProvider, { name: string; example: string }>> = {
  okta: { name: "Okta search expression", example: 'profile.department eq "Engineering"' },
  entra: { name: "Microsoft Graph $filter", example: "department eq 'Engineering'" },
  google: { name: "Google Admin SDK query", example: "orgUnitPath='/Engineering'" },
  keycloak: { name: "Keycloak attribute query or search", example: "department:Engineering" },
  zitadel: { name: "Zitadel user search queries (JSON)", example: '[{"emailQuery":{"emailAddress":"@acme.com","method":"TEXT_QUERY_METHOD_ENDS_WITH"}}]' },
  // ISC: its search query language; IdentityIQ: a SCIM filter.
  sailpoint: { name: "SailPoint search query or SCIM filter", example: 'attributes.department:"Engineering"' },
};

const LIST_FIELDS: Record<"groups" | "roles" | "departments", { label: string; hint: string; placeholder: string }> = {
  groups: { label: "Group ids", hint: "The directory's group ids, separated by commas or new lines (the groups could not be listed).", placeholder: "00g1abc…, 00g2def…" },
  roles: { label: "Roles", hint: "Directory roles (or app roles), separated by commas or new lines.", placeholder: "Employee" },
  departments: { label: "Departments", hint: "Department names as the directory spells them.", placeholder: "Engineering" },
};

/** The draft as the DirectoryFilter the services take (the schema checks it; empty lists fail there). */
export function toFilter(d: FilterDraft): DirectoryFilterInput {
  switch (d.kind) {
    case "groups": return { kind: "groups", groupIds: d.groupIds.length ? d.groupIds : splitList(d.values) };
    case "roles": return { kind: "roles", roles: splitList(d.values) };
    case "departments": return { kind: "departments", departments: splitList(d.values) };
    case "query": return { kind: "query", query: d.query.trim() };
    default: return { kind: "all" };
  }
}

/** All users / groups / roles / departments / the provider's own query language. */
export function FilterPicker({ orgId, value, onChange, provider, error, disabled, listGroups }: { orgId: string; value: FilterDraft; onChange: (next: FilterDraft) => void; provider: DirectoryProvider; error?: string; disabled?: boolean; listGroups: DirectorySyncActions["listGroups"] }) {
  const hint = QUERY_HINTS[provider];
  const [groups, loadGroups] = useDirectoryGroups(orgId, listGroups);
  const pickGroups = value.kind === "groups" && groups.state !== "failed";
  const list = (value.kind === "groups" && !pickGroups) || value.kind === "roles" || value.kind === "departments" ? LIST_FIELDS[value.kind as keyof typeof LIST_FIELDS] : null;
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <SelectField label="Who to import" value={value.kind} disabled={disabled} onChange={(e) => {
          const kind = e.target.value as FilterKind;
          if (kind === "groups") loadGroups();
          onChange({ ...value, kind });
        }}>
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
      {pickGroups ? (
        <GroupChecklist groups={groups} selected={value.groupIds} error={error} disabled={disabled} onChange={(ids) => onChange({ ...value, groupIds: ids })} />
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

type GroupsState = { state: "idle" | "loading" | "loaded" | "failed"; groups: { id: string; name: string }[]; truncated: boolean; message?: string };

/** The directory's groups, fetched once, when the groups filter is first chosen. */
function useDirectoryGroups(orgId: string, listGroups: DirectorySyncActions["listGroups"]): [GroupsState, () => void] {
  const [s, setS] = useState<GroupsState>({ state: "idle", groups: [], truncated: false });
  function load() {
    if (s.state !== "idle") return;
    setS((p) => ({ ...p, state: "loading" }));
    listGroups(orgId, {})
      .then((r) => setS(r.ok ? { state: "loaded", groups: r.data.groups, truncated: r.data.truncated } : { state: "failed", groups: [], truncated: false, message: r.message }))
      .catch(() => setS({ state: "failed", groups: [], truncated: false, message: "The groups could not be listed" }));
  }
  return [s, load];
}

function GroupChecklist({ groups, selected, onChange, error, disabled }: { groups: GroupsState; selected: string[]; onChange: (ids: string[]) => void; error?: string; disabled?: boolean }) {
  const [search, setSearch] = useState("");
  const shown = groups.groups.filter((g) => g.name.toLowerCase().includes(search.trim().toLowerCase()));
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((x) => x !== id));
  return (
    <fieldset className="space-y-1.5 sm:col-span-2" aria-describedby={error ? "group-picker-error" : undefined}>
      <legend className="text-sm font-medium text-slate-800">Groups {selected.length ? <span className="font-normal text-slate-500">({selected.length} selected)</span> : null}</legend>
      {groups.state === "loading" || groups.state === "idle" ? (
        <p className="flex items-center gap-2 text-sm text-slate-500"><Spinner /> Listing the directory&apos;s groups…</p>
      ) : (
        <>
          {groups.groups.length > 8 ? <Input type="search" aria-label="Search groups" placeholder="Search groups…" value={search} onChange={(e) => setSearch(e.target.value)} className="h-8" /> : null}
          <ul className="max-h-44 divide-y divide-slate-100 overflow-y-auto rounded-md ring-1 ring-slate-200">
            {shown.map((g) => (
              <li key={g.id}>
                <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
                  <input type="checkbox" className="size-4 rounded border-slate-300 text-indigo-600" checked={selected.includes(g.id)} disabled={disabled} onChange={(e) => toggle(g.id, e.target.checked)} />
                  <span className="truncate">{g.name}</span>
                </label>
              </li>
            ))}
            {shown.length === 0 ? <li className="px-3 py-2 text-sm text-slate-500">{groups.groups.length ? "No group matches." : "The directory has no groups."}</li> : null}
          </ul>
          {groups.truncated ? <p className="text-xs text-slate-500">Showing the first {groups.groups.length} groups; search to narrow them.</p> : null}
        </>
      )}
      {error ? <p id="group-picker-error" className="text-sm text-red-600">{error}</p> : null}
    </fieldset>
  );
}
