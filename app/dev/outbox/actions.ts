"use server";

import { notFound } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isProduction } from "@/lib/env";
import { clearOutbox } from "@/lib/mail/outbox";

export async function clearOutboxAction(): Promise<void> {
  if (isProduction()) notFound();
  await clearOutbox();
  revalidatePath("/dev/outbox");
}
