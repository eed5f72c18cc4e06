import type { ActionResult } from "@/lib/http/action-result";
import type { RoleDto } from "@/lib/roles/dto";
import type { CreateRoleInput, UpdateRoleInput } from "@/lib/roles/schemas";

export type RoleActions = {
  create: (orgId: string, input: CreateRoleInput) => Promise<ActionResult<RoleDto>>;
  update: (orgId: string, input: { roleId: string; changes: UpdateRoleInput }) => Promise<ActionResult<RoleDto>>;
  remove: (orgId: string, input: { roleId: string }) => Promise<ActionResult<void>>;
};
