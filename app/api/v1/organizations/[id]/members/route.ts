import { restRoute, json } from "@/lib/http/rest";
import * as members from "@/lib/members/service";
import { createMemberSchema, listMembersQuerySchema } from "@/lib/members/schemas";

export const GET = restRoute({ permission: "member:read", query: listMembersQuerySchema }, async ({ ctx, query }) =>
  json(await members.list(ctx, query)),
);

export const POST = restRoute({ permission: "member:create", body: createMemberSchema }, async ({ ctx, body }) =>
  json(await members.add(ctx, body), 201),
);
