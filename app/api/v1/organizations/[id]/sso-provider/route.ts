import { restRoute, json, noContent } from "@/lib/http/rest";
import * as sso from "@/lib/sso/service";
import { ssoConfigSchema } from "@/lib/sso/schemas";

export const GET = restRoute({ permission: "sso:read" }, async ({ ctx }) => json(await sso.getProvider(ctx)));

/** Create or replace; 201 when it created the provider. Secrets are write-only. */
export const PUT = restRoute({ permission: "sso:manage", body: ssoConfigSchema }, async ({ ctx, body }) => {
  const { dto, created } = await sso.putProvider(ctx, body);
  return json(dto, created ? 201 : 200);
});

export const DELETE = restRoute({ permission: "sso:manage" }, async ({ ctx }) => {
  await sso.deleteProvider(ctx);
  return noContent();
});
