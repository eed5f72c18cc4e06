import type { ActionResult } from "@/lib/http/action-result";
import type { CreatedScimTokenDto, ScimTokenDto } from "@/lib/scim-tokens/dto";
import type { CreateScimTokenInput } from "@/lib/scim-tokens/schemas";

export type ScimTokenActions = {
  create: (orgId: string, input: CreateScimTokenInput) => Promise<ActionResult<CreatedScimTokenDto>>;
  revoke: (orgId: string, input: { tokenId: string }) => Promise<ActionResult<ScimTokenDto>>;
};
