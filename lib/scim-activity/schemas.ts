import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";

export const listScimActivityQuerySchema = pageQuerySchema.extend({
  outcome: z.enum(["all", "success", "error"]).default("all"),
  resourceType: z.enum(["", "User", "Group", "ServiceProviderConfig", "ResourceTypes", "Schemas"]).optional(),
});
export type ListScimActivityQuery = z.infer<typeof listScimActivityQuerySchema>;
