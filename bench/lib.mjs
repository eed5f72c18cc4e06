// Small helpers shared by the benchmark scripts: timing, percentiles, Server-Timing parsing.
export function percentile(values, p) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
export function summary(values) {
  const r = (x) => Math.round(x * 100) / 100;
  return { n: values.length, p50: r(percentile(values, 50)), p95: r(percentile(values, 95)), p99: r(percentile(values, 99)), max: r(Math.max(...values)) };
}
export function serverTime(res) {
  const h = res.headers.get("server-timing") ?? "";
  const m = /app;dur=([\d.]+)/.exec(h);
  return m ? Number(m[1]) : NaN;
}
/** Times one request: total (to end of body) and ttfb (to response headers), plus app server time. */
export async function timed(url, init = {}) {
  const t0 = performance.now();
  const res = await fetch(url, { redirect: "manual", ...init });
  const ttfb = performance.now() - t0;
  const body = await res.text();
  return { res, body, ttfb, total: performance.now() - t0, server: serverTime(res) };
}
export async function waitFor(url, ms = 120_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(url, { redirect: "manual" }); if (r.status < 500) return; } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${url} did not start`);
}
