import { z } from 'zod';
import { dateTime, isoTime, text, toIso, toIsoOrNull } from '../http/schemas.js';
import type { ApiKeyRow } from './queries.js';

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to tell keys apart.'),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});

export const createApiKeyBody = z.strictObject({
  name: text({ max: 100 }),
  expiresAt: dateTime
    .refine((v) => new Date(v).getTime() > Date.now(), 'must be in the future')
    .optional()
    .describe('When the key stops working; without it the key works until revoked.'),
});

export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, key: z.string().describe('The key itself: shown this once, stored only as a hash.') });

export function toApiKey(row: ApiKeyRow): z.infer<typeof apiKeySchema> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: toIso(row.createdAt),
    expiresAt: toIsoOrNull(row.expiresAt),
    lastUsedAt: toIsoOrNull(row.lastUsedAt),
    revokedAt: toIsoOrNull(row.revokedAt),
  };
}
