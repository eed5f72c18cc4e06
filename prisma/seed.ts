// Demo data: the provider organization plus two customer organizations (Acme, Globex) with a member
// in every role. Idempotent: re-running changes nothing. Prints where to sign in and with what.
import { seedDemo } from "@/lib/db/seed-demo";
import { disconnect } from "@/lib/db/client";

const url = process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
seedDemo()
  .then((r) => {
    const w = Math.max(...r.accounts.map((a) => a.email.length));
    console.log(`\nGatehouse demo data ready (${r.created ? "created" : "already present"}).`);
    console.log(`Sign in at ${url}/login with any of these (password for all: ${r.password}):`);
    for (const a of r.accounts) console.log(`  ${a.email.padEnd(w)}  ${a.org} · ${a.role}`);
    console.log("Owners and admins enrol two-factor authentication (TOTP) at first sign-in.\n");
  })
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(disconnect);
