import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { FormField, Input } from "@/components/ui/form-field";

export type AuditFilterValues = { actor?: string; action?: string; from?: string; to?: string; orgId?: string };

const ACTION_HINTS = [
  "organization.*", "member.*", "role.*", "config.*", "oauth_connection.*", "api_key.*", "auth.*",
  "member.added", "member.removed", "member.role_changed", "config.created", "config.updated", "config.deleted",
];

/**
 * Filters as a plain GET form: the values live in the URL (shareable, back-button friendly) and the
 * server validates them with the same schema as the API.
 */
export function AuditFilters({ basePath, values }: { basePath: string; values: AuditFilterValues }) {
  const active = Object.entries(values).some(([, v]) => !!v);
  return (
    <form method="get" action={basePath} className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_10rem_10rem_auto]">
      {values.orgId ? <input type="hidden" name="orgId" value={values.orgId} /> : null}
      <FormField id="audit-actor" label="Actor">
        <Input id="audit-actor" name="actor" defaultValue={values.actor ?? ""} placeholder="Email, key name or id" autoComplete="off" />
      </FormField>
      <FormField id="audit-action" label="Action">
        <Input id="audit-action" name="action" defaultValue={values.action ?? ""} placeholder="member.* or config.updated" list="audit-action-hints" autoComplete="off" spellCheck={false} className="font-mono" />
        <datalist id="audit-action-hints">
          {ACTION_HINTS.map((a) => <option key={a} value={a} />)}
        </datalist>
      </FormField>
      <FormField id="audit-from" label="From">
        <Input id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} />
      </FormField>
      <FormField id="audit-to" label="To">
        <Input id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} />
      </FormField>
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClasses("primary")}>Apply</button>
        {active ? <Link href={basePath} className={buttonClasses("ghost")}>Clear</Link> : null}
      </div>
    </form>
  );
}

/** Query string of the filters that are set (for export links and pagination). */
export function filterQuery(values: AuditFilterValues): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) p.set(k, v);
  return p.toString();
}
