import type { ActionResult } from "@/lib/http/action-result";
import type { MemberDto } from "@/lib/members/dto";
import type { CreateMemberInput, TransferOwnershipInput, UpdateMemberRoleInput } from "@/lib/members/schemas";

/** A role as the forms offer it. */
export type RoleOption = { name: string; description: string | null; source: "builtin" | "global" | "org" };

export type MemberActions = {
  add: (orgId: string, input: CreateMemberInput) => Promise<ActionResult<MemberDto>>;
  changeRole: (orgId: string, input: UpdateMemberRoleInput & { userId: string }) => Promise<ActionResult<MemberDto>>;
  remove: (orgId: string, input: { userId: string }) => Promise<ActionResult<void>>;
  transfer: (orgId: string, input: TransferOwnershipInput) => Promise<ActionResult<{ owner: MemberDto; previousOwner: MemberDto | null }>>;
};
