import { describe, expect, test } from "vitest";
import { parseInvitationCsv } from "./csv";
import { bulkInvitationsSchema, createInvitationSchema } from "./schemas";
import { invitationStatus, toInvitationDto } from "./dto";

describe("parseInvitationCsv", () => {
  test("plain list, one per line, blank lines and comments skipped", () => {
    expect(parseInvitationCsv("a@x.com\n\n# team\r\nb@x.com\n")).toEqual([
      { line: 1, email: "a@x.com" },
      { line: 4, email: "b@x.com" },
    ]);
  });

  test("header with columns in any order, quotes, BOM, semicolons", () => {
    const csv = '\uFEFFrole,name,email\nadmin,"Doe, Jane",jane@x.com\n,Bob,bob@x.com\n';
    expect(parseInvitationCsv(csv)).toEqual([
      { line: 2, email: "jane@x.com", role: "admin" },
      { line: 3, email: "bob@x.com" },
    ]);
    expect(parseInvitationCsv('email;role\n"a@x.com";member')).toEqual([{ line: 2, email: "a@x.com", role: "member" }]);
  });

  test("email,role without a header", () => {
    expect(parseInvitationCsv("a@x.com,admin\nb@x.com")).toEqual([
      { line: 1, email: "a@x.com", role: "admin" },
      { line: 2, email: "b@x.com" },
    ]);
  });

  test("escaped quotes", () => {
    expect(parseInvitationCsv('"we""ird@x.com",member')[0]).toEqual({ line: 1, email: 'we"ird@x.com', role: "member" });
  });
});

describe("invitation schemas and DTO", () => {
  test("create: email lower-cased, expiry 1..30 days, default 7, unknown fields refused", () => {
    expect(createInvitationSchema.parse({ email: " Jane@ACME.com " })).toEqual({ email: "jane@acme.com", expiresInDays: 7 });
    expect(createInvitationSchema.safeParse({ email: "jane@acme.com", expiresInDays: 31 }).success).toBe(false);
    expect(createInvitationSchema.safeParse({ email: "jane@acme.com", expiresInDays: 0 }).success).toBe(false);
    expect(createInvitationSchema.safeParse({ email: "not-an-email" }).success).toBe(false);
    expect(createInvitationSchema.safeParse({ email: "a@b.com", admin: true }).success).toBe(false);
  });

  test("bulk: exactly one of rows and csv", () => {
    expect(bulkInvitationsSchema.safeParse({}).success).toBe(false);
    expect(bulkInvitationsSchema.safeParse({ rows: [], csv: "" }).success).toBe(false);
    expect(bulkInvitationsSchema.parse({ csv: "a@b.com" })).toMatchObject({ dryRun: false, expiresInDays: 7 });
  });

  test("expired is derived; the DTO carries no token", () => {
    const now = new Date("2030-01-10T00:00:00Z");
    const row = {
      id: "i1", orgId: "o1", email: "a@b.com", role: "member", tokenHash: "secret-hash", status: "pending",
      expiresAt: new Date("2030-01-09T00:00:00Z"), invitedById: null, invitedByLabel: "key", acceptedAt: null, acceptedUserId: null,
      revokedAt: null, lastSentAt: null, sendCount: 1, createdAt: new Date("2030-01-01T00:00:00Z"), updatedAt: new Date("2030-01-01T00:00:00Z"),
    };
    expect(invitationStatus(row, now)).toBe("expired");
    expect(invitationStatus({ ...row, status: "revoked" }, now)).toBe("revoked");
    const dto = toInvitationDto(row, now);
    expect(dto.status).toBe("expired");
    expect(JSON.stringify(dto)).not.toContain("secret-hash");
  });
});
