import { NonRetriableError } from "inngest";
import { AppError } from "@/lib/errors";

/**
 * STYLE §4: not_found and invalid_input will not get better on retry; neither will an inactive
 * organization (forbidden). Everything else (database, DNS) is retried by Inngest.
 */
export async function job<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && (e.code === "not_found" || e.code === "invalid_input" || e.code === "forbidden")) {
      throw new NonRetriableError(e.message, { cause: e });
    }
    throw e;
  }
}
