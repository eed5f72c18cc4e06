import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { DOMAIN_STATUSES } from "./schemas";

// Response shapes of the domain routes for the OpenAPI document (mirrors ./dto.ts; openapi.test.ts
// parses real DTO output with them).
extendZodWithOpenApi(z);

const timestamp = z.iso.datetime();
export const domainResponse = z.strictObject({
  id: z.uuid(),
  orgId: z.uuid(),
  domain: z.string().meta({ description: "Lower-case, punycode for internationalised names", example: "xn--bcher-kva.de" }),
  displayName: z.string().meta({ description: "Unicode form for display", example: "bücher.de" }),
  status: z.enum(DOMAIN_STATUSES),
  verificationRecord: z.strictObject({
    type: z.literal("TXT"),
    name: z.string().meta({ example: "_gatehouse-challenge.acme.com" }),
    value: z.string().meta({ example: "gatehouse-verification=4f9c0d2e8a7b41c6b3e5d1f0a2c4e6b8" }),
  }),
  verificationStartedAt: timestamp.nullable(),
  verifiedAt: timestamp.nullable(),
  lastCheckedAt: timestamp.nullable(),
  checkAttempts: z.int().min(0),
  failureReason: z.string().nullable(),
  recordMissingSince: timestamp.nullable().meta({ description: "Set by the daily re-check when a verified domain's record disappeared" }),
  routingEnabled: z.boolean(),
  autoJoinEnabled: z.boolean(),
  autoJoinRole: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
}).openapi("Domain");

export const startVerificationResponse = z.strictObject({
  domain: domainResponse,
  scheduled: z.boolean().meta({ description: "false when Inngest is not configured or not reachable: use confirm to check now" }),
  message: z.string(),
}).openapi("DomainVerificationStarted");
