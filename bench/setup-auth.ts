// Creates the benchmark's credentials: a platform API key and a provider owner with TOTP.
// Prints JSON { apiKey, email, password, totpSecret } for bench/run.sh.
import { ensureBootstrap } from "@/lib/bootstrap/service";
import { addMember, createApiKey, createUser, providerOrg } from "@/lib/db/testing/fixtures";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { disconnect } from "@/lib/db/client";

const password = "Bench-password-2026";
const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DP";
await ensureBootstrap();
const key = await createApiKey(null, [...PERMISSIONS]);
const email = `bench-owner-${Date.now()}@gatehouse.local`;
const user = await createUser({ email, password, mfaSecret: totpSecret, name: "Bench Owner" });
await addMember((await providerOrg()).id, user.id, "owner");
console.log(JSON.stringify({ apiKey: key.raw, email, password, totpSecret }));
await disconnect();
