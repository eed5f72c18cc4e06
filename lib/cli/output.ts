import Table from "cli-table3";
import type { CliIo } from "./io";

export type Cell = string | number | boolean | null | undefined;

export const printJson = (io: CliIo, data: unknown) => io.stdout(JSON.stringify(data, null, 2) + "\n");

export function printTable(io: CliIo, head: string[], rows: Cell[][]) {
  // No colours: output is often piped, and ANSI codes would end up in files.
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map((c) => (c === null || c === undefined ? "" : String(c))));
  io.stdout(table.toString() + "\n");
}

/** Prints aligned `Label: value` lines. */
export function printFields(io: CliIo, fields: [string, Cell][]) {
  const width = Math.max(...fields.map(([k]) => k.length));
  io.stdout(fields.map(([k, v]) => `${(k + ":").padEnd(width + 2)}${v === null || v === undefined || v === "" ? "-" : String(v)}`).join("\n") + "\n");
}

/** `2026-03-01T10:20:30.000Z` -> `2026-03-01 10:20` (UTC), short enough for a table. */
export const shortDate = (iso: string | null | undefined) => (iso ? iso.replace("T", " ").slice(0, 16) : "");

export function printPageFooter(io: CliIo, p: { page: number; totalPages: number; total: number }, noun: string) {
  io.stdout(`Page ${p.page} of ${p.totalPages} (${p.total} ${noun}${p.total === 1 ? "" : "s"})\n`);
}
