import { restRoute, json } from "@/lib/http/rest";
import { notFound } from "@/lib/errors";
import * as provisioning from "@/lib/provisioning/service";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";

export const GET = restRoute({ permission: "provisioning:read" }, async ({ ctx }) => {
  const dto = await provisioning.getProvisioning(ctx);
  if (!dto) throw notFound("Provisioning configuration");
  return json(dto);
});

/** Create or replace. Secrets are write-only; 409 when gatehouse.config.json manages the configuration. */
export const PUT = restRoute({ permission: "provisioning:manage", body: provisioningConfigSchema }, async ({ ctx, body }) =>
  json(await provisioning.putProvisioning(ctx, body)),
);
