"use client";

import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { cn } from "@/components/ui/cn";

const RESOURCE_LABELS: Record<string, string> = {
  org: "Organization", member: "Members", ownership: "Ownership", role: "Roles", config: "Configs", connection: "OAuth connections",
  apikey: "API keys", audit: "Audit log", invitation: "Invitations", domain: "Domains", sso: "SSO", scim: "SCIM", provisioning: "Provisioning",
};

const GROUPS = PERMISSIONS.reduce<{ resource: string; permissions: Permission[] }[]>((acc, p) => {
  const resource = p.split(":")[0]!;
  const g = acc.find((x) => x.resource === resource);
  if (g) g.permissions.push(p);
  else acc.push({ resource, permissions: [p] });
  return acc;
}, []);

/**
 * Permission checkboxes grouped by resource. Permissions the viewer does not hold are disabled: the
 * server refuses granting them anyway (lib/roles/grants.ts).
 */
export function PermissionCheckboxes({ value, onChange, held, error, legend = "Permissions", idPrefix }: {
  value: readonly string[]; onChange: (next: Permission[]) => void; held: readonly string[]; error?: string; legend?: string; idPrefix: string;
}) {
  const selected = new Set(value);
  const heldSet = new Set(held);
  const toggle = (p: Permission, on: boolean) => onChange(PERMISSIONS.filter((x) => (x === p ? on : selected.has(x))));
  const setGroup = (ps: Permission[], on: boolean) => onChange(PERMISSIONS.filter((x) => (ps.includes(x) && heldSet.has(x) ? on : selected.has(x))));
  const selectable = PERMISSIONS.filter((p) => heldSet.has(p));

  return (
    <fieldset aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <div className="flex items-baseline justify-between gap-2">
        <legend className="text-sm font-medium text-slate-800">{legend}</legend>
        <span className="space-x-2 text-xs">
          <button type="button" className="text-indigo-700 hover:underline" onClick={() => onChange([...selectable])}>All I hold</button>
          <button type="button" className="text-indigo-700 hover:underline" onClick={() => onChange(PERMISSIONS.filter((p) => p.endsWith(":read") && heldSet.has(p)))}>Read-only</button>
          <button type="button" className="text-slate-500 hover:underline" onClick={() => onChange([])}>None</button>
        </span>
      </div>
      <div className="mt-2 grid max-h-72 grid-cols-1 gap-x-6 gap-y-3 overflow-y-auto rounded-md p-3 ring-1 ring-slate-200 sm:grid-cols-2">
        {GROUPS.map((g) => {
          const all = g.permissions.filter((p) => heldSet.has(p)).every((p) => selected.has(p));
          return (
            <div key={g.resource}>
              <button
                type="button"
                className="text-xs font-semibold tracking-wide text-slate-500 uppercase hover:text-slate-800"
                onClick={() => setGroup(g.permissions, !all)}
                title={all ? "Clear this group" : "Select this group"}
              >
                {RESOURCE_LABELS[g.resource] ?? g.resource}
              </button>
              <ul className="mt-1 space-y-1">
                {g.permissions.map((p) => {
                  const id = `${idPrefix}-${p.replace(":", "-")}`;
                  const disabled = !heldSet.has(p);
                  return (
                    <li key={p} className="flex items-center gap-2">
                      <input
                        id={id}
                        type="checkbox"
                        className="size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600 disabled:opacity-40"
                        checked={selected.has(p)}
                        disabled={disabled && !selected.has(p)}
                        onChange={(e) => toggle(p, e.target.checked)}
                      />
                      <label htmlFor={id} className={cn("font-mono text-xs", disabled ? "text-slate-400" : "text-slate-700")} title={disabled ? "You do not hold this permission, so you cannot grant it" : undefined}>
                        {p}
                      </label>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </div>
      {error ? <p id={`${idPrefix}-error`} className="mt-1.5 text-sm text-red-600" aria-live="polite">{error}</p> : null}
    </fieldset>
  );
}
