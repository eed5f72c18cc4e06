import { restRoute, json } from "@/lib/http/rest";
import * as directorySync from "@/lib/directory-sync/service";
import { previewImportSchema } from "@/lib/directory-sync/schemas";

/** Up to 50 matching directory users and what an import would do with each (reads the directory, writes nothing). */
export const POST = restRoute({ permission: "provisioning:manage", body: previewImportSchema }, async ({ ctx, body }) =>
  json(await directorySync.previewImport(ctx, body.filter)),
);
