import type { ActionResult } from "@/lib/http/action-result";
import type { DomainDto } from "@/lib/domains/dto";
import type { StartVerificationResult } from "@/lib/domains/service";

export type DomainActions = {
  add: (orgId: string, input: { domain: string }) => Promise<ActionResult<DomainDto>>;
  remove: (orgId: string, input: { domainId: string }) => Promise<ActionResult<void>>;
  confirm: (orgId: string, input: { domainId: string }) => Promise<ActionResult<DomainDto>>;
  start: (orgId: string, input: { domainId: string }) => Promise<ActionResult<StartVerificationResult>>;
  update: (orgId: string, input: { domainId: string; routingEnabled?: boolean; autoJoinEnabled?: boolean; autoJoinRole?: string }) => Promise<ActionResult<DomainDto>>;
};
