import { z } from "zod";

// The only reader of process.env. Every variable is documented in README.md ("Environment").
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().default(".data/pglite"),
  APP_URL: z.string().url().default("http://localhost:3000"),
  AUTH_SECRET: z.string().min(16).optional(),
  ENCRYPTION_KEY: z.string().optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
  LOGIN_THROTTLE_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  // lib/http/client-ip.ts: "1"/"true" only behind a reverse proxy that sets X-Forwarded-For; otherwise client IPs are unknown.
  TRUST_PROXY: z
    .enum(["", "0", "1", "false", "true"], { error: 'Use "1" or "true" behind a reverse proxy, "0"/"false" or unset otherwise' })
    .optional()
    .transform((v) => v === "1" || v === "true"),
  MFA_REQUIRED_ROLES: z.string().default("owner,admin"),
  GATEHOUSE_DEV_INSECURE: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Mail (lib/mail): SMTP_URL such as smtps://user:pass@smtp.example.com:465; unset outside production -> dev outbox.
  SMTP_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  MAIL_FROM: z.string().default("Gatehouse <no-reply@gatehouse.localhost>"),
  // Domain verification (lib/domains): resolvers as "ip" or "ip:port", comma-separated; unset -> the system's.
  DNS_SERVERS: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  DNS_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  DOMAIN_VERIFY_WINDOW_HOURS: z.coerce.number().positive().default(72),
  DOMAIN_RECHECK_GRACE_HOURS: z.coerce.number().positive().default(72),
  // SCIM (lib/http/scim.ts): per-token token bucket, requests per second sustained and the burst above it.
  SCIM_RATE_LIMIT: z.coerce.number().positive().default(50),
  SCIM_RATE_BURST: z.coerce.number().int().positive().optional(),
  // Directory sync (lib/provisioning): the start-up configuration file and Google's ambient key (credentialMode "inherit").
  GATEHOUSE_CONFIG: z.preprocess((v) => (v === "" ? undefined : v), z.string().default("./gatehouse.config.json")),
  GOOGLE_APPLICATION_CREDENTIALS: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`Invalid environment:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production" && !env().GATEHOUSE_DEV_INSECURE;
