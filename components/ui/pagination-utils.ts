// Pure helpers for URL-driven lists (unit-tested in pagination-utils.test.ts).

/** Page numbers to show around `page`, with null for a gap: [1, null, 4, 5, 6, null, 20]. */
export function pageWindow(page: number, totalPages: number, radius = 1): (number | null)[] {
  const total = Math.max(1, totalPages);
  const current = Math.min(Math.max(1, page), total);
  const wanted = new Set<number>([1, total]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= total) wanted.add(p);
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (i > 0) {
      const prev = sorted[i - 1]!;
      if (p - prev === 2) out.push(prev + 1); // a gap of one page: show it rather than an ellipsis
      else if (p - prev > 2) out.push(null);
    }
    out.push(p);
  }
  return out;
}

/** The list URL with `changes` applied; null/"" removes a parameter, page 1 is left implicit. */
export function withParams(pathname: string, current: URLSearchParams | string, changes: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams(typeof current === "string" ? current : current.toString());
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "" || (k === "page" && Number(v) === 1)) params.delete(k);
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

/** "Showing 51–100 of 240" bounds; 0–0 when there is nothing on this page (no rows, or past the end). */
export function pageRange(page: number, limit: number, total: number): { from: number; to: number } {
  const from = (page - 1) * limit + 1;
  if (total <= 0 || from > total) return { from: 0, to: 0 };
  return { from, to: Math.min(page * limit, total) };
}
