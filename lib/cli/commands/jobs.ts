import type { Command } from "commander";
import type { SyncRunDetailDto, SyncRunDto } from "@/lib/directory-sync/dto";
import type { StartJobResult } from "@/lib/jobs/service";
import type { OrganizationDto } from "@/lib/organizations/dto";
import type { Page } from "@/lib/http/pagination";
import type { ApiClient } from "../client";
import { CliError } from "../io";
import { printFields, printJson, printPageFooter, printTable, shortDate } from "../output";
import { isUuid, orgPath, resolveOrgId } from "../resolve";
import { wantsJson, type Runtime } from "../runtime";

// `gatehouse jobs …`: directory sync and session-check runs through /organizations/{id}/provisioning/runs.
// `run` starts a run and follows it until it ends (the server hands it to Inngest or works it itself).

const KINDS = { import: "import", "team-sync": "team_sync", reconcile: "reconcile", "session-check": "session_check" } as const;
type KindArg = keyof typeof KINDS;
const FINISHED = new Set(["succeeded", "failed", "awaiting_approval", "cancelled"]);
const DEFAULT_POLL_MS = 1000;

type RunOpts = {
  org?: string;
  filterGroup?: string[];
  filterRole?: string[];
  filterDepartment?: string[];
  query?: string;
  wait: boolean;
  timeout?: string;
};

function filterFrom(o: RunOpts) {
  const given = [
    o.filterGroup?.length ? { kind: "groups" as const, groupIds: o.filterGroup } : null,
    o.filterRole?.length ? { kind: "roles" as const, roles: o.filterRole } : null,
    o.filterDepartment?.length ? { kind: "departments" as const, departments: o.filterDepartment } : null,
    o.query !== undefined ? { kind: "query" as const, query: o.query } : null,
  ].filter((f) => f !== null);
  if (given.length > 1) throw new CliError("Pick one filter: --filter-group, --filter-role, --filter-department or --query", 2);
  return given[0];
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

function countsLine(r: SyncRunDto) {
  const parts = Object.entries(r.counts ?? {}).filter(([, n]) => typeof n === "number" && n > 0).map(([k, n]) => `${k} ${n}`);
  return parts.length ? parts.join(", ") : "nothing to do";
}

function progressLine(r: SyncRunDto) {
  const of = r.total !== null && r.total !== undefined ? ` of ${r.total}` : "";
  return `${r.kind}: ${r.status}, ${r.processed}${of} processed`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the run until it ends, printing a progress line whenever it changes (stderr, so --json stays clean). */
async function follow(rt: Runtime, api: ApiClient, orgId: string, run: SyncRunDto, timeoutMs: number | null): Promise<SyncRunDetailDto | SyncRunDto> {
  const pollMs = Number(rt.io.env.GATEHOUSE_POLL_MS ?? DEFAULT_POLL_MS) || DEFAULT_POLL_MS;
  const started = Date.now();
  let last = "";
  let current: SyncRunDto | SyncRunDetailDto = run;
  for (;;) {
    const line = progressLine(current);
    if (line !== last) rt.io.stderr(line + "\n");
    last = line;
    if (FINISHED.has(current.status)) return current;
    if (timeoutMs !== null && Date.now() - started > timeoutMs) {
      throw new CliError(`Still ${current.status} after ${Math.round(timeoutMs / 1000)} s; follow it with: gatehouse jobs show ${run.id} --org ${orgId}`);
    }
    await sleep(pollMs);
    current = await api.get<SyncRunDetailDto>(orgPath(orgId, "provisioning", "runs", run.id));
  }
}

function summarize(rt: Runtime, r: SyncRunDto, orgRef: string) {
  const took = r.durationMs !== null && r.durationMs !== undefined ? ` in ${(r.durationMs / 1000).toFixed(1)} s` : "";
  if (r.status === "succeeded") rt.io.stdout(`${r.kind} ${r.id} succeeded${took}: ${countsLine(r)}\n`);
  else if (r.status === "awaiting_approval") {
    rt.io.stdout(`${r.kind} ${r.id} is waiting for approval: it would decommission more than the allowed share of imported people (${countsLine(r)})\n`);
    rt.io.stdout(`Review it with: gatehouse jobs show ${r.id} --org ${orgRef}\nThen: gatehouse jobs approve ${r.id} --org ${orgRef} (or reject)\n`);
  } else rt.io.stdout(`${r.kind} ${r.id} ${r.status}${took}: ${countsLine(r)}\n`);
}

function showRun(rt: Runtime, r: SyncRunDetailDto) {
  printFields(rt.io, [
    ["ID", r.id],
    ["Kind", r.kind],
    ["Status", r.status],
    ["Trigger", r.trigger],
    ["Filter", r.filter ? JSON.stringify(r.filter) : ""],
    ["Progress", `${r.processed}${r.total !== null ? ` of ${r.total}` : ""}`],
    ["Counts", countsLine(r)],
    ["Started", shortDate(r.startedAt ?? r.createdAt)],
    ["Finished", shortDate(r.finishedAt)],
    ["Duration", r.durationMs !== null ? `${(r.durationMs / 1000).toFixed(1)} s` : ""],
    ["Error", r.error],
  ]);
  if (r.pending?.length) {
    rt.io.stdout(`\nWaiting for approval: ${r.pending.length} to decommission\n`);
    printTable(rt.io, ["Email", "Reason", "Directory id"], r.pending.slice(0, 50).map((p) => [p.email, p.reason, p.externalId]));
  }
  if (r.errors?.length) {
    rt.io.stdout(`\nErrors (${r.errors.length}):\n`);
    for (const e of r.errors.slice(0, 20)) rt.io.stdout(`  - ${e.message}\n`);
  }
  if (r.skipped?.length) {
    rt.io.stdout(`\nSkipped (${r.skipped.length}):\n`);
    for (const s of r.skipped.slice(0, 20)) rt.io.stdout(`  - ${s.email ?? s.externalId ?? "?"}: ${s.reason}\n`);
  }
  if (r.drift?.length) rt.io.stdout(`\nDrift: ${r.drift.length} people differed from the directory\n`);
}

/** Every organization the key can see (a platform key: all active ones; an organization key: its own). */
async function allOrgs(api: ApiClient): Promise<OrganizationDto[]> {
  const out: OrganizationDto[] = [];
  for (let page = 1; page <= 500; page++) {
    const res = await api.get<Page<OrganizationDto>>("/organizations", { status: "active", limit: 200, page });
    out.push(...res.data);
    if (page >= res.pagination.totalPages) break;
  }
  return out;
}

const requireOrg = (o: { org?: string }) => {
  if (!o.org) throw new CliError("Which organization? Pass --org <id|slug>", 2);
  return o.org;
};

export function registerJobs(program: Command, rt: Runtime) {
  const jobs = program
    .command("jobs")
    .description("Directory sync and lifecycle jobs: import, team sync, reconcile, session checks (run now, list, show, approve)");

  jobs
    .command("run")
    .description("Run a job now and wait for it (exit code 1 when it fails)")
    .argument("<kind>", "import, team-sync, reconcile or session-check")
    .option("--org <org>", "organization id or slug (session-check without --org: every organization the key can see)")
    .option("--filter-group <ids>", "import: directory group ids (repeat or comma-separate)", collect)
    .option("--filter-role <roles>", "import: directory roles", collect)
    .option("--filter-department <names>", "import: departments", collect)
    .option("--query <expr>", "import: the provider's own query (Okta search, Graph $filter, Google query, …)")
    .option("--no-wait", "start the run and return at once")
    .option("--timeout <seconds>", "stop waiting after this long (the run goes on)")
    .option("--json", "print the finished run as JSON")
    .action(async (kindArg: string, o: RunOpts, cmd: Command) => {
      if (!(kindArg in KINDS)) throw new CliError(`Unknown job "${kindArg}": use import, team-sync, reconcile or session-check`, 2);
      const kind = KINDS[kindArg as KindArg];
      const filter = filterFrom(o);
      if (filter && kind !== "import") throw new CliError("Only an import takes a filter", 2);
      const timeoutMs = o.timeout !== undefined ? Number(o.timeout) * 1000 : null;
      if (timeoutMs !== null && !(timeoutMs > 0)) throw new CliError("--timeout takes a number of seconds", 2);
      const api = rt.api(cmd);

      const targets: { ref: string; id: string }[] = [];
      if (o.org) targets.push({ ref: o.org, id: await resolveOrgId(api, o.org) });
      else if (kind === "session_check") targets.push(...(await allOrgs(api)).map((org) => ({ ref: org.slug, id: org.id })));
      else requireOrg(o);

      const results: (SyncRunDto | SyncRunDetailDto)[] = [];
      for (const t of targets) {
        const started = await api.post<StartJobResult>(orgPath(t.id, "provisioning", "runs"), { kind, ...(filter ? { filter } : {}) });
        if (targets.length > 1) rt.io.stderr(`${t.ref}: `);
        rt.io.stderr(`Started ${kind} ${started.run.id} (${started.mode === "inngest" ? "queued in Inngest" : "running in the Gatehouse server"})\n`);
        if (!o.wait) {
          results.push(started.run);
          continue;
        }
        const done = await follow(rt, api, t.id, started.run, timeoutMs);
        results.push(done);
        if (!wantsJson(cmd)) summarize(rt, done, t.ref);
      }
      if (wantsJson(cmd)) printJson(rt.io, targets.length === 1 && o.org ? results[0] : results);
      else if (!o.wait) for (const r of results) rt.io.stdout(`${r.id}\n`);
      else if (!targets.length) rt.io.stdout("No organizations to check.\n");
      const failed = results.filter((r) => r.status === "failed" || r.status === "cancelled");
      if (failed.length) throw new CliError(failed.map((r) => `${r.kind} ${r.id} ${r.status}${r.error ? `: ${r.error}` : ""}`).join("\n"));
    });

  jobs
    .command("list")
    .description("List an organization's runs, newest first")
    .requiredOption("--org <org>", "organization id or slug")
    .option("--kind <kind>", "import, team-sync, reconcile or session-check")
    .option("--page <n>", "page number, from 1")
    .option("--limit <n>", "page size, at most 200")
    .option("--json", "print the page as JSON ({ data, pagination })")
    .action(async (o: { org: string; kind?: string; page?: string; limit?: string }, cmd: Command) => {
      const kind = o.kind === undefined ? undefined : (KINDS as Record<string, string>)[o.kind] ?? o.kind;
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, o.org);
      const res = await api.get<Page<SyncRunDto>>(orgPath(orgId, "provisioning", "runs"), { kind, page: o.page, limit: o.limit });
      if (wantsJson(cmd)) return printJson(rt.io, res);
      if (res.data.length === 0) {
        rt.io.stdout(`No runs yet. Start one with: gatehouse jobs run reconcile --org ${o.org}\n`);
        return;
      }
      printTable(rt.io, ["Started", "Kind", "Status", "Trigger", "Processed", "Counts", "ID"],
        res.data.map((r) => [shortDate(r.startedAt ?? r.createdAt), r.kind, r.status, r.trigger, r.total !== null ? `${r.processed}/${r.total}` : r.processed, countsLine(r), r.id]));
      printPageFooter(rt.io, res.pagination, "run");
    });

  jobs
    .command("show")
    .description("Show a run: counts, errors, skipped people, drift and decommissions waiting for approval")
    .argument("<runId>", "the run id")
    .requiredOption("--org <org>", "organization id or slug")
    .option("--json", "print the run as JSON")
    .action(async (runId: string, o: { org: string }, cmd: Command) => {
      if (!isUuid(runId)) throw new CliError(`"${runId}" is not a run id (UUID)`, 2);
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, o.org);
      const r = await api.get<SyncRunDetailDto>(orgPath(orgId, "provisioning", "runs", runId));
      if (wantsJson(cmd)) return printJson(rt.io, r);
      showRun(rt, r);
    });

  for (const [name, done] of [["approve", "Approved"], ["reject", "Rejected"]] as const) {
    jobs
      .command(name)
      .description(name === "approve"
        ? "Approve a run waiting for approval: its pending decommissions are applied"
        : "Reject a run waiting for approval: it is cancelled and nobody is decommissioned")
      .argument("<runId>", "the run id")
      .requiredOption("--org <org>", "organization id or slug")
      .option("--json", "print the run as JSON")
      .action(async (runId: string, o: { org: string }, cmd: Command) => {
        if (!isUuid(runId)) throw new CliError(`"${runId}" is not a run id (UUID)`, 2);
        const api = rt.api(cmd);
        const orgId = await resolveOrgId(api, o.org);
        const r = await api.post<SyncRunDto>(orgPath(orgId, "provisioning", "runs", runId, name));
        if (wantsJson(cmd)) return printJson(rt.io, r);
        rt.io.stdout(`${done}: ${r.kind} ${r.id} is now ${r.status} (${countsLine(r)})\n`);
      });
  }
}
