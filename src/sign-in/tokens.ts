import { and, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { signInTokens } from '../db/schema.js';
import { hashSecret, newSecret } from './secrets.js';

export type TokenPurpose = (typeof signInTokens.$inferInsert)['purpose'];

export const EMAIL_LINK_MINUTES = 15;
export const INVITATION_DAYS = 7;

/** Stores a single-use secret (its hash) and returns the secret, for a link or a cookie. */
export async function issueToken(
  db: Queryable,
  token: { purpose: TokenPurpose; ttlMs: number; email?: string; userId?: string; data?: unknown },
  now = new Date(),
): Promise<string> {
  const secret = newSecret();
  await db.insert(signInTokens).values({
    tokenHash: hashSecret(secret),
    purpose: token.purpose,
    email: token.email,
    userId: token.userId,
    data: token.data,
    expiresAt: new Date(now.getTime() + token.ttlMs),
  });
  return secret;
}

export type SignInToken = typeof signInTokens.$inferSelect;

/** Uses a token up in one statement, so two clicks on one link cannot both succeed. */
export async function consumeToken(db: Queryable, secret: string, purposes: TokenPurpose[], now = new Date()): Promise<SignInToken | null> {
  const [row] = await db
    .update(signInTokens)
    .set({ usedAt: now })
    .where(and(eq(signInTokens.tokenHash, hashSecret(secret)), inArray(signInTokens.purpose, purposes), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)))
    .returning();
  return row ?? null;
}

/** A live token without using it up (to show a form that will consume it). */
export async function peekToken(db: Queryable, secret: string, purposes: TokenPurpose[], now = new Date()): Promise<SignInToken | null> {
  const [row] = await db
    .select()
    .from(signInTokens)
    .where(and(eq(signInTokens.tokenHash, hashSecret(secret)), inArray(signInTokens.purpose, purposes), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)));
  return row ?? null;
}

/** Email links sent to an address since a time: the per-address rate limit, shared by every instance. */
export async function emailLinksSince(db: Queryable, email: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(signInTokens)
    .where(and(eq(signInTokens.email, email), eq(signInTokens.purpose, 'email_link'), gt(signInTokens.createdAt, since)));
  return row?.n ?? 0;
}
