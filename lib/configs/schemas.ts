import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";

export const CONFIG_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const MAX_CONFIG_VALUE_BYTES = 64 * 1024;
export const SECRET_MASK = "********";

export const configNameSchema = z
  .string()
  .regex(CONFIG_NAME_PATTERN, "Use 1-100 lower-case letters, digits, dots, underscores or hyphens, starting with a letter or digit (e.g. billing.plan)");

/** Any JSON value except null: a config without a value is deleted, not nulled. */
export const configValueSchema = z
  .json({ error: "value must be a JSON value: string, number, boolean, array or object" })
  .refine((v) => v !== null, "value cannot be null; delete the config instead")
  .refine((v) => new TextEncoder().encode(JSON.stringify(v)).length <= MAX_CONFIG_VALUE_BYTES, `value must be at most ${MAX_CONFIG_VALUE_BYTES / 1024} KB of JSON`);

/**
 * Replaces an item. `isSecret` omitted keeps the existing item's flag (or, for a new override, the
 * global item's), so editing a secret's value never silently turns it into plain text.
 */
export const putConfigSchema = z.strictObject({
  value: configValueSchema,
  isSecret: z.boolean().optional(),
});
export type PutConfigInput = z.infer<typeof putConfigSchema>;

export const createConfigSchema = putConfigSchema.extend({ name: configNameSchema });
export type CreateConfigInput = z.infer<typeof createConfigSchema>;

export const listConfigsQuerySchema = pageQuerySchema.extend({
  search: z.string().trim().max(100).optional(),
});
export type ListConfigsQuery = z.infer<typeof listConfigsQuerySchema>;

export const configNameParamsSchema = z.object({ name: configNameSchema });

/** Forms edit the value as JSON text; this turns it into the value the API schema expects. */
export const configValueTextSchema = z
  .string()
  .min(1, "Enter a JSON value, e.g. \"text\", 42, true or {\"key\": \"value\"}")
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "Not valid JSON: strings need double quotes, e.g. \"hello\"" });
      return z.NEVER;
    }
  })
  .pipe(configValueSchema);

/** The create/edit dialog: the API schema with the value typed as JSON text. */
export const configFormSchema = z.strictObject({
  name: configNameSchema,
  value: configValueTextSchema,
  isSecret: z.boolean().optional(),
});
export type ConfigFormInput = z.input<typeof configFormSchema>;
export type ConfigFormOutput = z.output<typeof configFormSchema>;

export const deleteConfigSchema = z.strictObject({ name: configNameSchema });
export type DeleteConfigInput = z.infer<typeof deleteConfigSchema>;
