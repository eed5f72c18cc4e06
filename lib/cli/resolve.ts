import type { OrganizationDto } from "@/lib/organizations/dto";
import type { Page } from "@/lib/http/pagination";
import { apiPath, type ApiClient } from "./client";
import { CliError } from "./io";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/**
 * Turns `<id|slug>` into an organization id. A UUID is passed through (the API answers 404 if it is
 * not visible); a slug is looked up through `GET /organizations?search=` and must match exactly.
 */
export async function resolveOrgId(api: ApiClient, ref: string): Promise<string> {
  if (isUuid(ref)) return ref;
  const slug = ref.trim().toLowerCase();
  // search also matches names and domains, so an exact slug may sit past the first page.
  for (let page = 1; page <= 50; page++) {
    const res = await api.get<Page<OrganizationDto>>("/organizations", { search: slug, status: "all", limit: 200, page });
    const hit = res.data.find((o) => o.slug === slug);
    if (hit) return hit.id;
    if (page >= res.pagination.totalPages) break;
  }
  throw new CliError(`Organization not found: no organization you can see has the id or slug "${ref}"`);
}

export const orgPath = (orgId: string, ...rest: string[]) => apiPath("organizations", orgId, ...rest);

/**
 * Commands on items that live in an organization or globally take `<org> <args…>` or
 * `--global <args…>`. Returns the API path of the collection and the remaining arguments.
 */
export async function scopedCollection(
  api: ApiClient,
  opts: { global?: boolean; args: string[]; names: string[]; segment: string },
): Promise<{ base: string; rest: string[]; orgId: string | null }> {
  const want = opts.names.length + (opts.global ? 0 : 1);
  if (opts.args.length !== want) {
    const usage = [opts.global ? "--global" : "<org>", ...opts.names.map((n) => `<${n}>`)].join(" ");
    throw new CliError(`Expected ${usage}`, 2);
  }
  if (opts.global) return { base: apiPath(opts.segment), rest: opts.args, orgId: null };
  const orgId = await resolveOrgId(api, opts.args[0]!);
  return { base: orgPath(orgId, opts.segment), rest: opts.args.slice(1), orgId };
}
