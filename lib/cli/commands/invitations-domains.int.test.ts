import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  process.env.DNS_SERVERS = `127.0.0.1:${process.env.TEST_DNS_PORT ?? 5308}`;
  process.env.DNS_TIMEOUT_MS = "300";
});

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetDb, createOrg, createApiKey, createMember, auditEvents } from "@/lib/db/testing/fixtures";
import { fx } from "@/lib/db/testing/invitation-fixtures";
import { startDnsServer, type TestDnsServer } from "@/lib/db/testing/dns-server";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { routeFetch } from "../testing/route-fetch";
import { cliRunner } from "../testing/io";

const ALL = [...PERMISSIONS];
let dns: TestDnsServer;
let dir: string;
beforeAll(async () => {
  dns = await startDnsServer(Number(process.env.TEST_DNS_PORT ?? 5308));
  dir = await mkdtemp(path.join(tmpdir(), "gatehouse-cli-"));
});
afterAll(async () => {
  await dns.close();
});

describe("gatehouse invitations / domains CLI against the real route handlers", () => {
  const cli = cliRunner({ fetch: routeFetch(), env: { GATEHOUSE_URL: "http://gatehouse.test" } });
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let keyA: string;
  let keyB: string;
  const as = (key: string) => ["--api-key", key];

  beforeEach(async () => {
    dns.reset();
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    keyA = (await createApiKey(orgA.id, ALL)).raw;
    keyB = (await createApiKey(orgB.id, ALL)).raw;
  });

  test("invitations create, list, resend and revoke (by email)", async () => {
    const c = await cli(["invitations", "create", orgA.slug, "--email", "Jane@Acme.com", "--role", "admin", ...as(keyA)]);
    expect(c.stderr).toBe("");
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/Invited jane@acme.com as admin \(written to the development outbox\)/);
    const dup = await cli(["invitations", "create", orgA.slug, "--email", "jane@acme.com", ...as(keyA)]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already has a pending invitation/);

    const list = await cli(["invitations", "list", orgA.slug, "--status", "pending", "--json", ...as(keyA)]);
    expect(list.json.data.map((i: { email: string }) => i.email)).toEqual(["jane@acme.com"]);
    const resend = await cli(["invitations", "resend", orgA.slug, "jane@acme.com", ...as(keyA)]);
    expect(resend.stdout).toMatch(/Resent the invitation to jane@acme.com/);
    expect(resend.stdout).toMatch(/Sent:\s+2×/);
    const revoke = await cli(["invitations", "revoke", orgA.slug, "jane@acme.com", ...as(keyA)]);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toMatch(/Revoked the invitation to jane@acme.com/);
    expect(await auditEvents(orgA.id, "invitation.revoked")).toHaveLength(1);

    // B's key cannot see A's organization or its invitations
    const other = await cli(["invitations", "list", orgA.id, ...as(keyB)]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/not found/i);
  });

  test("invitations bulk reads a CSV file: dry run writes nothing, 51 rows are refused, the commit reports each row", async () => {
    await createMember(orgA.id, "member", "member@acme.com");
    const file = path.join(dir, "people.csv");
    await writeFile(file, "email,role\nann@acme.com,admin\nbob@acme.com\nmember@acme.com\n");
    const before = await fx.counts();
    const dry = await cli(["invitations", "bulk", orgA.slug, file, "--dry-run", ...as(keyA)]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Preview only, nothing sent: 2 will be invited, 1 already members, 0 already invited, 0 invalid/);
    expect(await fx.counts()).toEqual(before);

    const big = path.join(dir, "big.csv");
    await writeFile(big, Array.from({ length: 51 }, (_, i) => `u${i}@acme.com`).join("\n"));
    const refused = await cli(["invitations", "bulk", orgA.slug, big, ...as(keyA)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("At most 50 invitations per request (got 51)");

    const done = await cli(["invitations", "bulk", orgA.slug, file, "--json", ...as(keyA)]);
    expect(done.json.summary).toMatchObject({ invited: 2, "already-member": 1 });
    expect(await fx.countInvitations({ orgId: orgA.id })).toBe(2);

    const missing = await cli(["invitations", "bulk", orgA.slug, path.join(dir, "nope.csv"), ...as(keyA)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read .*nope.csv: ENOENT/);
  });

  test("domains add, confirm (exit 1 until the record exists), set, list, verify and remove", async () => {
    const add = await cli(["domains", "add", orgA.slug, "Acme.COM", ...as(keyA)]);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Name:\s+_gatehouse-challenge\.acme\.com/);
    const value = /Value:\s+(gatehouse-verification=[0-9a-f]{32})/.exec(add.stdout)?.[1];
    expect(value).toBeTruthy();

    const early = await cli(["domains", "confirm", orgA.slug, "acme.com", ...as(keyA)]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/No TXT record was found/);
    const verify = await cli(["domains", "verify", orgA.slug, "acme.com", ...as(keyA)]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/needs Inngest; use Confirm/);

    dns.setTxt("_gatehouse-challenge.acme.com", value!);
    const ok = await cli(["domains", "confirm", orgA.slug, "acme.com", ...as(keyA)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/acme.com is verified/);

    const set = await cli(["domains", "set", orgA.slug, "acme.com", "--auto-join", "on", "--auto-join-role", "admin", "--json", ...as(keyA)]);
    expect(set.json).toMatchObject({ autoJoinEnabled: true, autoJoinRole: "admin" });
    expect((await cli(["domains", "set", orgA.slug, "acme.com", "--routing", "maybe", ...as(keyA)])).code).toBe(2);
    const list = await cli(["domains", "list", orgA.slug, ...as(keyA)]);
    expect(list.stdout).toMatch(/acme\.com.*verified/);

    // the same domain in B: refused, naming no one
    const b = await cli(["domains", "add", orgB.slug, "acme.com", ...as(keyB)]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/already verified by another organization/);
    expect(b.stderr).not.toContain("Acme Corporation");

    const rm = await cli(["domains", "remove", orgA.slug, "acme.com", ...as(keyA)]);
    expect(rm.code).toBe(0);
    expect(await fx.countDomains()).toBe(0);
    const gone = await cli(["domains", "confirm", orgA.slug, "acme.com", ...as(keyA)]);
    expect(gone.stderr).toMatch(/has not been added/);
  });
});
