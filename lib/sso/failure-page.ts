import { ssoSystemRepo } from "@/lib/db/repos/sso-connections";
import { TRACE_ID, failureMessage, type SsoFailureReason } from "./failures";

// What the sign-in error page says for a trace id. Auth.js's own errors (raised before our callback, and
// recorded asynchronously) may not be stored yet when the page renders: their type decides then.

const AUTHJS_MESSAGES: Record<string, string> = {
  InvalidCheck: failureMessage("state-invalid"),
  OAuthCallbackError: failureMessage("provider-error"),
  AccessDenied: "You were not signed in.",
  Configuration: failureMessage("configuration-error"),
};

export async function ssoFailureForTrace(sp: Record<string, string | string[] | undefined>): Promise<{ traceId: string | null; message: string }> {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const rawTrace = first(sp.trace).slice(0, 10).toUpperCase();
  const traceId = TRACE_ID.test(rawTrace) ? rawTrace : null;
  // Auth.js appends "?error=<type>" to our error page URL, which lands in the `from` parameter.
  const type = first(sp.error) || /error=([A-Za-z]+)/.exec(first(sp.from))?.[1] || /error=([A-Za-z]+)/.exec(first(sp.trace))?.[1] || "";
  const reason = traceId ? ((await ssoSystemRepo.failureReasonByTrace(traceId)) as SsoFailureReason | null) : null;
  const message = reason ? failureMessage(reason) : (AUTHJS_MESSAGES[type] ?? "Your sign-in could not be completed. Try again from the sign-in page.");
  return { traceId, message };
}
