import type { ActionResult } from "@/lib/http/action-result";
import type { ConfigDto } from "@/lib/configs/dto";
import type { OAuthConnectionDto } from "@/lib/oauth-connections/dto";
import type { ConfigFormInput } from "@/lib/configs/schemas";
import type { OAuthConnectionFormInput } from "@/lib/oauth-connections/schemas";

// Server actions as the client components receive them: org actions arrive bound to the org id,
// global ones take the input directly, so the same tables serve both pages.
export type ConfigActions = {
  create: (input: ConfigFormInput) => Promise<ActionResult<ConfigDto>>;
  put: (input: ConfigFormInput) => Promise<ActionResult<ConfigDto>>;
  remove: (input: { name: string }) => Promise<ActionResult<void>>;
};

export type OAuthConnectionActions = {
  create: (input: OAuthConnectionFormInput) => Promise<ActionResult<OAuthConnectionDto>>;
  put: (input: OAuthConnectionFormInput) => Promise<ActionResult<OAuthConnectionDto>>;
  remove: (input: { name: string }) => Promise<ActionResult<void>>;
};

/** "org": an organization's effective list (cascade badges, overrides); "global": the provider's global items. */
export type ItemScope = "org" | "global";
