"use server";

import { unstable_rethrow } from "next/navigation";
import { requirePrincipal } from "@/lib/auth/require";
import { totpCodeSchema } from "@/lib/auth/schemas";
import * as mfa from "@/lib/auth/mfa-service";
import type { Principal } from "@/lib/auth/org-context";
import { toActionFailure, type ActionResult } from "@/lib/http/action-result";
import { log } from "@/lib/log";

// Like lib/http/action.ts's principalAction, but owners/admins who still have to enrol may call
// these: they are the way out of the enrolment redirect. No revalidation: the page would re-render
// as "enrolled" and unmount the recovery codes before anyone saw them (disable refreshes itself).
function enrolmentAction<T>(fn: (p: Principal, code: string) => Promise<T>) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const principal = await requirePrincipal({ allowMfaEnrolment: true });
    try {
      const { code } = totpCodeSchema.parse(input);
      const data = await fn(principal, code.replace(/\s/g, ""));
      return { ok: true, data };
    } catch (err) {
      unstable_rethrow(err);
      const f = toActionFailure(err);
      if (f.code === "internal") log.error("security action failed", { cause: err });
      return f;
    }
  };
}

export const confirmEnrolmentAction = enrolmentAction((p, code) => mfa.confirmEnrolment(p, code));
export const regenerateRecoveryCodesAction = enrolmentAction((p, code) => mfa.regenerateRecoveryCodes(p, code));
export const disableMfaAction = enrolmentAction(async (p, code) => {
  await mfa.disableMfa(p, code);
  return null;
});
