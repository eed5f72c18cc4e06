import { restRoute, json } from "@/lib/http/rest";
import * as users from "@/lib/users/service";

export const GET = restRoute({ scope: "principal" }, async ({ principal }) => json(await users.getMe(principal)));
