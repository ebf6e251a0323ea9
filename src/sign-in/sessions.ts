import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { sessions, users } from '../db/schema.js';
import type { Config } from '../config.js';
import { hashSecret, newSecret } from './secrets.js';

export const SESSION_COOKIE = 'hs_session';

export interface ActiveSession {
  sessionId: string;
  orgId: string;
  userId: string;
  sub: string;
  permissions: string[];
  csrfToken: string;
}

/** A new session (a new id at every sign-in: no fixation). Returns the cookie value, shown only to the browser. */
export async function startSession(db: Queryable, user: { orgId: string; userId: string }, limits: Config['session'], now = new Date()) {
  const cookie = newSecret();
  await db.insert(sessions).values({
    tokenHash: hashSecret(cookie),
    orgId: user.orgId,
    userId: user.userId,
    csrfToken: newSecret(),
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + limits.maxMs),
  });
  return cookie;
}

/**
 * The live session behind a cookie: not past its absolute end, not idle longer than allowed, and
 * its user still active. Touches last_seen_at at most once a minute, so reads stay reads.
 */
export async function findSession(db: Queryable, cookie: string, limits: Config['session'], now = new Date()): Promise<ActiveSession | null> {
  const idleSince = new Date(now.getTime() - limits.idleMs);
  const [row] = await db
    .select({
      sessionId: sessions.id,
      orgId: sessions.orgId,
      userId: sessions.userId,
      sub: users.sub,
      permissions: users.permissions,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashSecret(cookie)), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleSince), isNull(users.deactivatedAt)));
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  const { lastSeenAt: _, ...session } = row;
  return session;
}

export async function endSession(db: Queryable, cookie: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(cookie)));
}

export async function endSessionsOf(db: Queryable, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Housekeeping: sessions past either limit can go. */
export async function deleteExpiredSessions(db: Queryable, limits: Config['session'], now = new Date()) {
  const idleSince = new Date(now.getTime() - limits.idleMs);
  await db.delete(sessions).where(sql`${sessions.expiresAt} <= ${now} OR ${lt(sessions.lastSeenAt, idleSince)}`);
}
