"use server";

import { z } from "zod";
import { principalAction } from "@/lib/http/action";
import { changePasswordSchema, updateProfileSchema } from "@/lib/users/schemas";
import * as users from "@/lib/users/service";
import * as sessions from "@/lib/auth/sessions";

export const updateProfileAction = principalAction(updateProfileSchema, (p, input) => users.updateProfile(p, input), { revalidate: [["/", "layout"]] });

export const changePasswordAction = principalAction(changePasswordSchema, (p, input) => users.changePassword(p, input), {
  revalidate: ["/account/sessions"],
});

export const revokeSessionAction = principalAction(z.strictObject({ id: z.uuid("Unknown session") }), (p, { id }) => sessions.revokeSession(p, id), {
  revalidate: ["/account/sessions"],
});

export const revokeOtherSessionsAction = principalAction(z.strictObject({}), (p) => sessions.revokeOtherSessions(p), {
  revalidate: ["/account/sessions"],
});
