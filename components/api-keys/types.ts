import type { ActionResult } from "@/lib/http/action-result";
import type { ApiKeyDto, CreatedApiKeyDto } from "@/lib/api-keys/dto";
import type { CreateApiKeyInput } from "@/lib/api-keys/schemas";

export type ApiKeyActions = {
  create: (orgId: string, input: CreateApiKeyInput) => Promise<ActionResult<CreatedApiKeyDto>>;
  revoke: (orgId: string, input: { keyId: string }) => Promise<ActionResult<ApiKeyDto>>;
};
