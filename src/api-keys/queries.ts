import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { apiKeys, users } from '../db/schema.js';
import { hashSecret, newSecret } from '../sign-in/secrets.js';

/** Keys are recognisable in logs and secret scanners by their prefix, and never confused with a JWT. */
export const API_KEY_PREFIX = 'hsk_';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function createApiKey(db: Queryable, owner: { orgId: string; userId: string }, input: { name: string; expiresAt?: Date }) {
  const key = `${API_KEY_PREFIX}${newSecret()}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ orgId: owner.orgId, userId: owner.userId, name: input.name, prefix: key.slice(0, 12), secretHash: hashSecret(key), expiresAt: input.expiresAt })
    .returning();
  return { key, row: row! };
}

export async function listApiKeys(db: Queryable, owner: { orgId: string; userId: string }) {
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, owner.orgId), eq(apiKeys.userId, owner.userId)))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Queryable, owner: { orgId: string; userId: string }, keyId: string, now = new Date()) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${now})` })
    .where(and(eq(apiKeys.orgId, owner.orgId), eq(apiKeys.userId, owner.userId), eq(apiKeys.id, keyId)))
    .returning();
  return row;
}

export async function revokeApiKeysOf(db: Queryable, userId: string, now = new Date()) {
  await db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
}

/**
 * The owner behind a presented key, if the key is live and its owner active. The owner's current
 * permissions come with it: a key acts as its owner does now, not as they did when it was made.
 */
export async function authenticateApiKey(db: Queryable, key: string, now = new Date()) {
  const [row] = await db
    .select({ keyId: apiKeys.id, orgId: apiKeys.orgId, userId: users.id, sub: users.sub, permissions: users.permissions, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(
      and(
        eq(apiKeys.secretHash, hashSecret(key)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        isNull(users.deactivatedAt),
      ),
    );
  if (!row) return null;
  // "Last used" to the minute is what a person needs; writing on every request is not.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.id, row.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now))));
  }
  return row;
}
