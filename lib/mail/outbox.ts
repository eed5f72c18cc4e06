import { AppError } from "@/lib/errors";
import { isProduction } from "@/lib/env";
import { outboxRepo } from "@/lib/db/repos/outbox";

// The development outbox (app/dev/outbox). Refused in production, where mail goes through SMTP only.

function assertDevelopment() {
  if (isProduction()) throw new AppError("not_found", "Not found");
}

export type OutboxMessageDto = { id: string; to: string; subject: string; text: string; createdAt: string };

export async function listOutbox(opts: { to?: string; limit?: number } = {}): Promise<OutboxMessageDto[]> {
  assertDevelopment();
  const rows = await outboxRepo.latest(Math.min(opts.limit ?? 50, 200), opts.to?.trim() || undefined);
  return rows.map((m) => ({ id: m.id, to: m.to, subject: m.subject, text: m.text, createdAt: m.createdAt.toISOString() }));
}

export async function clearOutbox(): Promise<void> {
  assertDevelopment();
  await outboxRepo.clear();
}
