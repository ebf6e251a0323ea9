import { z } from 'zod';
import { importSources } from '../db/schema.js';
import { isoTime, toIso, toIsoOrNull } from '../http/schemas.js';
import { toSummary, type ImportRow } from './queries.js';
import { entityKinds } from './types.js';

const counts = z.object(Object.fromEntries(entityKinds.map((k) => [k, z.number().int()])) as Record<(typeof entityKinds)[number], z.ZodNumber>);

export const importSchema = z.object({
  importId: z.uuid(),
  source: z.enum(importSources),
  status: z.enum(['running', 'completed', 'failed']),
  created: counts,
  updated: counts.partial().describe('Only what changed.'),
  ignored: z.object({ drafts: z.number().int() }),
  skipped: z.array(z.object({ file: z.string(), index: z.number().int().describe('Object position in the file, from 0.'), reason: z.string() })),
  error: z.string().nullable().describe('Why a failed import stopped.'),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
});

export const acceptedSchema = z.object({ importId: z.uuid(), status: z.literal('running') });

export const importParams = z.object({ importId: z.uuid() });

export const toImport = (row: ImportRow): z.infer<typeof importSchema> => ({
  ...toSummary(row),
  source: row.source,
  error: row.error,
  createdAt: toIso(row.createdAt),
  finishedAt: toIsoOrNull(row.finishedAt),
});
