import { describe, expect, test } from "vitest";
import { toInvitationDto } from "./dto";
import { bulkInvitationsResponse, createdInvitationResponse, invitationResponse } from "./openapi";
import { toDomainDto } from "@/lib/domains/dto";
import { domainResponse, startVerificationResponse } from "@/lib/domains/openapi";

// The OpenAPI response shapes are strict: a field added to a DTO but not to the document fails here.
const at = new Date("2026-01-02T03:04:05Z");
const id = "6f1c1c9e-2b1a-4c8e-9a51-3f1d2f0e7a10";
const ok = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, JSON.stringify(r.error)).toBe(true);
};

describe("OpenAPI response shapes of issue #3", () => {
  const inv = toInvitationDto({
    id, orgId: id, email: "a@b.com", role: "member", tokenHash: "h", status: "pending", expiresAt: at, invitedById: null, invitedByLabel: "key",
    acceptedAt: null, acceptedUserId: null, revokedAt: null, lastSentAt: at, sendCount: 1, createdAt: at, updatedAt: at,
  });

  test("invitation, created invitation, bulk preview and result", () => {
    ok(invitationResponse, inv);
    ok(createdInvitationResponse, { ...inv, delivery: { status: "outbox" } });
    ok(bulkInvitationsResponse, { dryRun: true, summary: { total: 1, "will-invite": 1, "already-member": 0, "already-invited": 0, invalid: 0, invited: 0 }, rows: [{ row: 1, email: "a@b.com", role: "member", status: "will-invite" }] });
    ok(bulkInvitationsResponse, { dryRun: false, summary: { total: 1, "will-invite": 0, "already-member": 0, "already-invited": 0, invalid: 0, invited: 1 }, rows: [{ row: 1, email: "a@b.com", role: "member", status: "invited", invitationId: id, delivery: { status: "sent" } }] });
  });

  test("domain and start verification", () => {
    const d = toDomainDto({
      id, orgId: id, domain: "xn--bcher-kva.de", status: "pending", verificationToken: "abc", verificationStartedAt: null, verifiedAt: null, lastCheckedAt: null,
      checkAttempts: 0, failureReason: null, recordMissingSince: null, routingEnabled: false, autoJoinEnabled: false, autoJoinRole: "member", createdAt: at, updatedAt: at,
    });
    expect(d.displayName).toBe("bücher.de");
    ok(domainResponse, d);
    ok(startVerificationResponse, { domain: d, scheduled: false, message: "x" });
  });
});
