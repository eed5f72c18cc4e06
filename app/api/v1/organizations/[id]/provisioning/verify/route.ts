import { restRoute, json } from "@/lib/http/rest";
import * as provisioning from "@/lib/provisioning/service";

/** Reaches the provider's token and directory endpoints: `{ ok, checks: [{ name, ok, detail }] }`. */
export const POST = restRoute({ permission: "provisioning:manage" }, async ({ ctx }) => json(await provisioning.verifyProvisioning(ctx)));
