// Import records: the run's status and summary, per organization.
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { imports } from '../db/schema.js';
import { entityKinds, type Counts, type ImportSource, type ImportSummary, type Skipped } from './types.js';

export type ImportRow = typeof imports.$inferSelect;

export async function insertImport(db: Queryable, values: { orgId: string; source: ImportSource; createdBy: string | null }) {
  const [row] = await db.insert(imports).values(values).returning();
  return row!;
}

/** Stores the counts so far (while running) or the final summary. */
export async function saveImportSummary(db: Queryable, importId: string, result: Omit<ImportSummary, 'importId'> & { error?: string | null }) {
  const done = result.status !== 'running';
  await db
    .update(imports)
    .set({ status: result.status, created: result.created, updated: result.updated, ignored: result.ignored, skipped: result.skipped, error: result.error ?? null, heartbeatAt: new Date(), ...(done ? { finishedAt: new Date() } : {}) })
    // Progress never revives an import another process has since declared abandoned.
    .where(and(eq(imports.id, importId), done ? undefined : eq(imports.status, 'running')));
}

export async function findImport(db: Queryable, orgId: string, importId: string) {
  const [row] = await db.select().from(imports).where(and(eq(imports.orgId, orgId), eq(imports.id, importId)));
  return row;
}

/** Newest first: the cursor is the last id of the previous page. */
export async function listImports(db: Queryable, orgId: string, page: { limit: number; before?: string }) {
  return db
    .select()
    .from(imports)
    .where(and(eq(imports.orgId, orgId), page.before ? lt(imports.id, page.before) : undefined))
    .orderBy(desc(imports.id))
    .limit(page.limit + 1);
}

const counts = (value: unknown): Counts => Object.fromEntries(entityKinds.map((k) => [k, Number((value as Partial<Counts>)?.[k] ?? 0)])) as Counts;

export function toSummary(row: ImportRow): ImportSummary {
  return {
    importId: row.id,
    status: row.status,
    created: counts(row.created),
    updated: row.updated as Partial<Counts>,
    ignored: { drafts: Number((row.ignored as { drafts?: number }).drafts ?? 0) },
    skipped: row.skipped as Skipped[],
  };
}
