import { Resolver } from "node:dns/promises";
import { env } from "@/lib/env";

export type TxtLookup =
  | { ok: true; records: string[][] }
  /** NXDOMAIN or no TXT data: the record is not published (or not yet visible) */
  | { ok: false; kind: "missing"; message: string }
  /** timeouts, SERVFAIL, refused: says nothing about the record, so never counts as "disappeared" */
  | { ok: false; kind: "error"; message: string };

const MISSING = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);

/** "1.1.1.1, 127.0.0.1:5353, [::1]:53" -> servers for Resolver#setServers (host:port is supported). */
export function parseDnsServers(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

function resolver(): Resolver {
  const e = env();
  const r = new Resolver({ timeout: e.DNS_TIMEOUT_MS, tries: 2 });
  const servers = parseDnsServers(e.DNS_SERVERS);
  if (servers.length) r.setServers(servers);
  return r;
}

export async function lookupTxt(name: string): Promise<TxtLookup> {
  try {
    return { ok: true, records: await resolver().resolveTxt(name) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (MISSING.has(code)) return { ok: false, kind: "missing", message: `No TXT record was found at ${name}` };
    const why = code === "ETIMEOUT" ? "timed out" : code === "ECONNREFUSED" ? "was refused" : `failed (${code || "unknown error"})`;
    return { ok: false, kind: "error", message: `The DNS lookup of ${name} ${why}; try again in a few minutes` };
  }
}
