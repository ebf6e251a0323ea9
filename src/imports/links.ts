// (source, external id) → our row, with a fingerprint of what the source said last time.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { anyOf } from '../db/arrays.js';
import { insertUnnest } from './bulk.js';
import type { Queryable } from '../db/client.js';
import { importLinks } from '../db/schema.js';
import type { ImportSource } from './types.js';

export type LinkKind = (typeof importLinks.$inferSelect)['kind'];

export interface Link {
  targetId: string;
  fingerprint: string;
}

export interface LinkScope {
  orgId: string;
  source: ImportSource;
}

/** A short stable digest of the mapped values: equal fingerprints mean nothing to update. */
export const fingerprint = (value: unknown) => createHash('sha1').update(JSON.stringify(value)).digest('base64url');

/** One array parameter, not one parameter per id: building and binding a thousand of those cost more than the lookup. */
export async function findLinks(db: Queryable, scope: LinkScope, kind: LinkKind, externalIds: string[]): Promise<Map<string, Link>> {
  const found = new Map<string, Link>();
  if (externalIds.length === 0) return found;
  const rows = await db
    .select({ externalId: importLinks.externalId, targetId: importLinks.targetId, fingerprint: importLinks.fingerprint })
    .from(importLinks)
    .where(and(eq(importLinks.orgId, scope.orgId), eq(importLinks.source, scope.source), eq(importLinks.kind, kind), anyOf(importLinks.externalId, [...new Set(externalIds)], 'text')));
  for (const row of rows) found.set(row.externalId, { targetId: row.targetId, fingerprint: row.fingerprint });
  return found;
}

export async function saveLinks(db: Queryable, scope: LinkScope, rows: { kind: LinkKind; externalId: string; targetId: string; fingerprint: string }[]) {
  if (rows.length === 0) return;
  // One row per key: a statement may not update the same row twice.
  const unique = new Map(rows.map((r) => [`${r.kind}\n${r.externalId}`, r]));
  const all = [...unique.values()];
  await insertUnnest(
    db,
    'import_links',
    [
      ['org_id', 'uuid', all.map(() => scope.orgId)],
      ['source', 'text', all.map(() => scope.source)],
      ['kind', 'text', all.map((r) => r.kind)],
      ['external_id', 'text', all.map((r) => r.externalId)],
      ['target_id', 'uuid', all.map((r) => r.targetId)],
      ['fingerprint', 'text', all.map((r) => r.fingerprint)],
    ],
    sql`on conflict (org_id, source, kind, external_id) do update set target_id = excluded.target_id, fingerprint = excluded.fingerprint, updated_at = now()`,
  );
}
