import { recordAudit } from '../audit/record.js';
import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import { createApiKey, revokeApiKey } from './queries.js';
import { toApiKey } from './schemas.js';

type Owner = { orgId: string; userId: string };

/** Shared by POST /me/api-keys and the API keys page. */
export async function issueApiKey(db: Db, owner: Owner, input: { name: string; expiresAt?: string }) {
  return db.transaction(async (tx) => {
    const { key, row } = await createApiKey(tx, owner, { name: input.name, expiresAt: input.expiresAt ? new Date(input.expiresAt) : undefined });
    const apiKey = toApiKey(row);
    await recordAudit(tx, { orgId: owner.orgId, actorId: owner.userId, action: 'api_key.create', entity: 'api_key', entityId: row.id, after: apiKey });
    return { apiKey, key };
  });
}

export async function withdrawApiKey(db: Db, owner: Owner, keyId: string) {
  return db.transaction(async (tx) => {
    const row = await revokeApiKey(tx, owner, keyId);
    if (!row) throw notFound('API key');
    await recordAudit(tx, { orgId: owner.orgId, actorId: owner.userId, action: 'api_key.revoke', entity: 'api_key', entityId: row.id, after: toApiKey(row) });
  });
}
