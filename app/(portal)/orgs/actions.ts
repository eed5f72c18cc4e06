"use server";

import { principalAction } from "@/lib/http/action";
import { withFieldError } from "@/lib/http/action-result";
import * as organizations from "@/lib/organizations/service";
import { createOrganizationSchema } from "@/lib/organizations/schemas";

/** Provider administrators create organizations (the service refuses everyone else). */
export const createOrganizationAction = principalAction(
  createOrganizationSchema,
  async (principal, input) => {
    try {
      return await organizations.create(principal, input);
    } catch (e) {
      // The only conflict on create is a taken slug: show it on the slug field.
      throw withFieldError(e, "slug");
    }
  },
  { revalidate: ["/orgs"] },
);
