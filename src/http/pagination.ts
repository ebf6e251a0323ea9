import { z } from 'zod';
import { limitQuery } from './schemas.js';

// Ids are UUIDv7 (time-ordered), so the cursor is simply the last id of the previous page.
export const pageQuery = z.object({
  limit: limitQuery,
  cursor: z.uuid().optional().describe('nextCursor from the previous page.'),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Queries fetch limit+1 rows; the extra row only says whether there is a next page. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
