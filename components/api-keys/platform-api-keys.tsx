"use client";

import type { ActionResult } from "@/lib/http/action-result";
import type { ApiKeyDto, CreatedApiKeyDto } from "@/lib/api-keys/dto";
import type { CreateApiKeyInput } from "@/lib/api-keys/schemas";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

/** Platform-wide keys (no organization): the actions take the input alone. */
export type PlatformApiKeyActions = {
  create: (input: CreateApiKeyInput) => Promise<ActionResult<CreatedApiKeyDto>>;
  revoke: (input: { keyId: string }) => Promise<ActionResult<ApiKeyDto>>;
};

// The shared key components are organization-shaped (the org id comes first); this placeholder is ignored.
const SCOPE = "platform";

export function NewPlatformApiKeyButton({ held, actions }: { held: string[]; actions: PlatformApiKeyActions }) {
  return (
    <CreateApiKeyDialog
      orgId={SCOPE}
      held={held}
      action={(_s, input) => actions.create(input)}
      triggerLabel="New platform key"
      description="A platform-wide key works in every organization and on these global settings, limited to the scopes you pick. Keep it for automation that really spans organizations."
    />
  );
}

export function PlatformApiKeysTable({ data, empty, actions }: { data: ApiKeyDto[]; empty: React.ReactNode; actions: PlatformApiKeyActions }) {
  return <ApiKeysTable orgId={SCOPE} data={data} empty={empty} canManage action={(_s, input) => actions.revoke(input)} />;
}
