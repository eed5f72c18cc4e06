import { handlers } from "@/lib/auth/auth";

// Server-Timing (app;dur=ms) as the REST wrapper sets it: the SSO callback benchmark reads it
// (bench/sso-callback-http.mjs), and it reveals nothing a client cannot time itself.
function timed<R extends Request>(handler: (req: R) => Promise<Response>) {
  return async (req: R) => {
    const t0 = performance.now();
    const res = await handler(req);
    const value = `app;dur=${(performance.now() - t0).toFixed(1)}`;
    try {
      res.headers.append("server-timing", value);
      return res;
    } catch {
      // Immutable headers (Response.redirect): copy.
      const headers = new Headers(res.headers);
      headers.append("server-timing", value);
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    }
  };
}

export const GET = timed(handlers.GET);
export const POST = timed(handlers.POST);
