import type { ReactNode } from "react";
import type { Page } from "@/lib/http/pagination";
import type { AuditEventDto } from "@/lib/audit/dto";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ListIcon, SearchIcon } from "@/components/ui/icons";
import { AuditFilters, type AuditFilterValues } from "./audit-filters";
import { AuditTable } from "./audit-table";

/**
 * The audit log card shared by the organization tab and the provider-wide page: filters in the URL,
 * a page of events (or the reason the filters were refused), pagination.
 */
export function AuditView({ title, description, basePath, values, page, issues, actions, orgColumn, orgLinkPrefix, emptyText }: {
  title: string;
  description: ReactNode;
  basePath: string;
  values: AuditFilterValues;
  page: Page<AuditEventDto> | null;
  issues: { path: string; message: string }[] | null;
  actions?: ReactNode;
  orgColumn?: boolean;
  orgLinkPrefix?: string;
  emptyText: string;
}) {
  const filtered = Object.values(values).some(Boolean);
  return (
    <Card>
      <CardHeader title={title} description={description} actions={actions} />
      <AuditFilters basePath={basePath} values={values} />
      {issues ? (
        <div className="px-5 py-4">
          <Alert tone="warning" title="These filters are not valid">
            <ul className="list-disc pl-4">
              {issues.map((i) => <li key={i.path + i.message}>{i.path}: {i.message}</li>)}
            </ul>
          </Alert>
        </div>
      ) : page ? (
        <>
          <AuditTable
            data={page.data}
            orgColumn={orgColumn}
            orgLinkPrefix={orgLinkPrefix}
            empty={filtered ? (
              <EmptyState icon={<SearchIcon />} title="No events match" text={page.pagination.page > 1 ? "This page is past the end of the results." : "Widen the date range, or use a prefix such as member.* for the action."} />
            ) : (
              <EmptyState icon={<ListIcon />} title="No events yet" text={emptyText} />
            )}
          />
          <Pagination page={page.pagination.page} totalPages={page.pagination.totalPages} total={page.pagination.total} limit={page.pagination.limit} />
        </>
      ) : null}
    </Card>
  );
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The raw filter values from the URL (what the form shows back), blank ones dropped. */
export function filterValues(sp: Record<string, string | string[] | undefined>, keys: readonly (keyof AuditFilterValues)[]): AuditFilterValues {
  const out: AuditFilterValues = {};
  for (const k of keys) {
    const v = one(sp[k])?.trim();
    if (v) out[k] = v;
  }
  return out;
}
export const pageParam = (sp: Record<string, string | string[] | undefined>) => one(sp.page);
