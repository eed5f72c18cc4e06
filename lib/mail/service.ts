import nodemailer, { type Transporter } from "nodemailer";
import { AppError } from "@/lib/errors";
import { env, isProduction } from "@/lib/env";
import { log } from "@/lib/log";
import { outboxRepo } from "@/lib/db/repos/outbox";

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  orgId?: string | null;
  /** shown in the development log line only (e.g. the accept link); never logged when SMTP is used */
  devHint?: string;
};
export type MailResult = { ok: true } | { ok: false; error: string };
export type MailMode = "smtp" | "outbox";

/**
 * SMTP when SMTP_URL is set; otherwise the development outbox (table + log line) outside production.
 * Production without SMTP_URL is a configuration error, raised before anything is written.
 */
export function mailMode(): MailMode {
  if (env().SMTP_URL) return "smtp";
  if (isProduction()) {
    throw new AppError("precondition_failed", "Email is not configured: set SMTP_URL (and MAIL_FROM) so invitations can be delivered");
  }
  return "outbox";
}

/** Throws the configuration error early, so callers refuse before writing anything they would then fail to deliver. */
export const assertMailConfigured = () => void mailMode();

const g = globalThis as unknown as { __gatehouseMail?: { url: string; transport: Transporter } };
function transport(url: string): Transporter {
  if (g.__gatehouseMail?.url !== url) {
    g.__gatehouseMail?.transport.close();
    // Pooled connections: a bulk invitation sends up to 50 messages over a few reused sessions.
    const u = new URL(url);
    if (!u.searchParams.has("pool")) u.searchParams.set("pool", "true");
    if (!u.searchParams.has("maxConnections")) u.searchParams.set("maxConnections", "5");
    g.__gatehouseMail = { url, transport: nodemailer.createTransport(u.toString()) };
  }
  return g.__gatehouseMail.transport;
}

/** Closes pooled SMTP connections (tests, shutdown). */
export function closeMail() {
  g.__gatehouseMail?.transport.close();
  g.__gatehouseMail = undefined;
}

/**
 * Sends each message; one failure does not stop the others. Results are in input order.
 * Errors are summarised without credentials (nodemailer messages may quote the SMTP reply, not the URL).
 */
export async function sendMail(messages: MailMessage[]): Promise<MailResult[]> {
  if (!messages.length) return [];
  const mode = mailMode();
  if (mode === "outbox") {
    await outboxRepo.insertMany(messages.map((m) => ({ orgId: m.orgId, to: m.to, subject: m.subject, text: m.text, html: m.html })));
    // Development only (production never reaches the outbox): the hint (accept link) makes local testing easy.
    for (const m of messages) log.info("mail written to the development outbox (/dev/outbox)", { to: m.to, subject: m.subject, ...(m.devHint ? { hint: m.devHint } : {}) });
    return messages.map(() => ({ ok: true }));
  }
  const t = transport(env().SMTP_URL!);
  const from = env().MAIL_FROM;
  return Promise.all(
    messages.map(async (m): Promise<MailResult> => {
      try {
        await t.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
        return { ok: true };
      } catch (e) {
        const err = e as { code?: string; responseCode?: number; message?: string };
        log.warn("mail delivery failed", { to: m.to, subject: m.subject, code: err.code, responseCode: err.responseCode });
        return { ok: false, error: `The email to ${m.to} could not be sent (${err.code ?? "error"}${err.responseCode ? ` ${err.responseCode}` : ""})` };
      }
    }),
  );
}
