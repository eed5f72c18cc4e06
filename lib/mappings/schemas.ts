import { z } from "zod";

// Attribute mappings: the rules SSO sign-in, SCIM pushes and directory imports share (issues #4, #5, #6).
// Evaluated by lib/mappings/evaluate.ts; this file only validates what an admin saves.

/** The wildcard attributeValue: matches everyone. On role rules it is the fallback and must come last. */
export const WILDCARD = "*";

export const MAX_RULES = 500;

// Issue #4: "Fields may hold env.VAR_NAME ... Mapping arrays are plain JSON only."
const ENV_REFERENCE = /^env\./;

function mappingText(label: string, max: number) {
  return z
    .string({ error: `${label} must be a string` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)
    .refine((v) => !ENV_REFERENCE.test(v), {
      message: `${label}: mapping rules are plain JSON and cannot reference environment variables (env.*)`,
    });
}

export const attributeTypeSchema = z.enum(["user", "group"], {
  error: 'attributeType must be "user" or "group"',
});
export type AttributeType = z.infer<typeof attributeTypeSchema>;

const ruleFields = {
  attributeType: attributeTypeSchema,
  attributeName: mappingText("attributeName", 256).optional(),
  attributeValue: mappingText("attributeValue", 512),
};

type RuleShape = { attributeType: AttributeType; attributeName?: string; attributeValue: string };

// A rule means one thing only: group rules compare group names/ids, and "*" is unconditional, so an
// attributeName there would be silently ignored. Reject it instead of letting an admin believe it filters.
function checkRule(rule: RuleShape, ctx: z.RefinementCtx) {
  if (rule.attributeName === undefined) return;
  if (rule.attributeValue === WILDCARD) {
    ctx.addIssue({
      code: "custom",
      path: ["attributeName"],
      message: '"*" matches every user; remove attributeName (it would be ignored)',
    });
  } else if (rule.attributeType === "group") {
    ctx.addIssue({
      code: "custom",
      path: ["attributeName"],
      message: "Group rules match a group's display name or id; remove attributeName (use a user rule to match a claim)",
    });
  }
}

export const attributeRoleMappingSchema = z
  .strictObject({ ...ruleFields, role: mappingText("role", 64) })
  .superRefine(checkRule);
export type AttributeRoleMapping = z.infer<typeof attributeRoleMappingSchema>;

export const attributeTeamMappingSchema = z
  .strictObject({ ...ruleFields, team: mappingText("team", 128) })
  .superRefine(checkRule);
export type AttributeTeamMapping = z.infer<typeof attributeTeamMappingSchema>;

export const attributeBusinessUnitMappingSchema = z
  .strictObject({ ...ruleFields, businessUnit: mappingText("businessUnit", 128) })
  .superRefine(checkRule);
export type AttributeBusinessUnitMapping = z.infer<typeof attributeBusinessUnitMappingSchema>;

/** Role rules are ORDERED (first match wins); "*" is allowed only on the last rule, as the fallback. */
export const attributeRoleMappingsSchema = z
  .array(attributeRoleMappingSchema)
  .max(MAX_RULES, `At most ${MAX_RULES} role rules`)
  .superRefine((rules, ctx) => {
    rules.forEach((rule, i) => {
      if (rule.attributeValue === WILDCARD && i !== rules.length - 1) {
        ctx.addIssue({
          code: "custom",
          path: [i, "attributeValue"],
          message: `"*" is the fallback and must be the last role rule (rule ${i + 1} of ${rules.length}); move it to the end or remove it`,
        });
      }
    });
  });

/** Team rules: every matching rule applies. */
export const attributeTeamMappingsSchema = z.array(attributeTeamMappingSchema).max(MAX_RULES, `At most ${MAX_RULES} team rules`);

/** Business-unit rules: every matching rule applies. */
export const attributeBusinessUnitMappingsSchema = z
  .array(attributeBusinessUnitMappingSchema)
  .max(MAX_RULES, `At most ${MAX_RULES} business-unit rules`);

/** The three arrays as stored per organization (SSO and provisioning configs spread this shape). */
export const mappingFieldsShape = {
  attributeRoleMappings: attributeRoleMappingsSchema.default([]),
  attributeTeamMappings: attributeTeamMappingsSchema.default([]),
  attributeBusinessUnitMappings: attributeBusinessUnitMappingsSchema.default([]),
};

export const mappingRulesSchema = z.strictObject(mappingFieldsShape);
export type MappingRules = z.infer<typeof mappingRulesSchema>;
export type MappingRulesInput = z.input<typeof mappingRulesSchema>;

// ---- Provider-config shared identity fields (issue #4 "shared: ... userIdField (default sub), rolesField";
// teamIdsField is listed per provider). Claim paths: a claim name, or a dotted path into nested claims
// (`realm_access.roles`); names that themselves contain dots (URL-style claims) work too, see readPath.

export const claimPathSchema = z
  .string({ error: "Claim path must be a string" })
  .trim()
  .min(1, "Claim path is required")
  .max(256, "Claim path must be at most 256 characters")
  .refine((v) => !/[\s\u0000-\u001f]/.test(v), { message: "Claim path cannot contain whitespace" });

// Forms send "" and PUT bodies send null to clear an optional field; both mean "not configured".
const optionalClaimPath = z.preprocess(
  (v) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v),
  claimPathSchema.optional(),
);

export const userIdFieldSchema = z.preprocess(
  (v) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v),
  claimPathSchema.default("sub"),
);
export const rolesFieldSchema = optionalClaimPath;
export const teamIdsFieldSchema = optionalClaimPath;

export const identityFieldsShape = {
  userIdField: userIdFieldSchema,
  rolesField: rolesFieldSchema,
  teamIdsField: teamIdsFieldSchema,
};

export const identityFieldsSchema = z.strictObject(identityFieldsShape);
export type IdentityFieldsConfig = z.infer<typeof identityFieldsSchema>;
