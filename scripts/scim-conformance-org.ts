// Helper of scripts/scim-conformance.sh, against DATABASE_URL:
//   tsx scripts/scim-conformance-org.ts create "Name"   -> prints "<orgId> <scim token>" for a new, empty organization
//   tsx scripts/scim-conformance-org.ts delete ORG_ID   -> removes that organization
import { createOrg } from "@/lib/db/testing/fixtures";
import { createScimToken, deleteOrg } from "@/lib/db/testing/scim-fixtures";
import { disconnect } from "@/lib/db/client";

const [cmd, arg] = process.argv.slice(2);
try {
  if (cmd === "create") {
    const org = await createOrg(arg || "SCIM conformance");
    const { raw } = await createScimToken(org.id, { name: "conformance" });
    process.stdout.write(`${org.id} ${raw}\n`);
  } else if (cmd === "delete" && arg) {
    await deleteOrg(arg);
  } else {
    process.stderr.write("usage: tsx scripts/scim-conformance-org.ts create NAME | delete ORG_ID\n");
    process.exitCode = 2;
  }
} finally {
  await disconnect();
}
