import { z } from "zod";

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1, "page starts at 1").max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(200, "limit is at most 200").default(50),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export type Page<T> = { data: T[]; pagination: { page: number; limit: number; total: number; totalPages: number } };

export function toPage<T>(data: T[], total: number, q: PageQuery): Page<T> {
  return { data, pagination: { page: q.page, limit: q.limit, total, totalPages: Math.max(1, Math.ceil(total / q.limit)) } };
}
