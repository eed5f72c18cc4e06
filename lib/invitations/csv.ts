// Pure: CSV/paste parsing for bulk invitations. Unit-tested in csv.test.ts.
export type ParsedRow = { line: number; email: string; role?: string };

/** RFC 4180-ish: quoted fields with "" escapes; commas, semicolons or tabs separate fields. */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === "") { quoted = true; cur = ""; }
    else if (ch === "," || ch === ";" || ch === "\t") { out.push(cur.trim()); cur = ""; }
    else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/**
 * One invitation per non-empty line: "email" or "email,role". A first line whose first cell is
 * "email" is a header (its "role" column may sit anywhere). Lines starting with # are comments.
 */
export function parseInvitationCsv(text: string): ParsedRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  let emailCol = 0;
  let roleCol: number | null = 1;
  const rows: ParsedRow[] = [];
  let headerChecked = false;
  lines.forEach((raw, idx) => {
    if (!raw.trim() || raw.trim().startsWith("#")) return;
    const cells = splitLine(raw);
    if (!headerChecked) {
      headerChecked = true;
      const lower = cells.map((c) => c.toLowerCase());
      if (lower.includes("email")) {
        emailCol = lower.indexOf("email");
        roleCol = lower.includes("role") ? lower.indexOf("role") : null;
        return;
      }
    }
    const role = roleCol === null ? undefined : cells[roleCol]?.trim();
    rows.push({ line: idx + 1, email: cells[emailCol] ?? "", ...(role ? { role } : {}) });
  });
  return rows;
}
