/**
 * The client's IP address, for the per-IP sign-in throttle and the audit log.
 *
 * Route handlers and server components see headers only, never the socket, and every forwarding
 * header is whatever the client sent (Next.js fills X-Forwarded-For from the socket only when the
 * request has none). So without a proxy we trust, the address is unknown (null): a spoofable value
 * would let a client pick a fresh "IP" for every guess. Behind a reverse proxy set TRUST_PROXY=1;
 * the proxy must then set (not pass through) X-Forwarded-For or X-Real-IP.
 */
export function clientIp(headers: Pick<Headers, "get">, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0];
  return clean(forwarded) ?? clean(headers.get("x-real-ip"));
}

// An address (IPv4, IPv6, optionally with a port or zone) is short and plain; anything else is junk
// we would rather not store in audit rows.
function clean(v: string | null | undefined): string | null {
  const s = v?.trim();
  return s && s.length <= 64 && /^[0-9A-Za-z.:%[\]_-]+$/.test(s) ? s : null;
}
