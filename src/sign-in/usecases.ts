import { sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Mailer } from '../mail/mailer.js';
import { activeUserById, activeUsersByEmail, normalizeEmail } from '../users/queries.js';
import { signInMail } from './mails.js';
import { SESSION_COOKIE, deleteExpiredSessions, startSession } from './sessions.js';
import { consumeToken, emailLinksSince, EMAIL_LINK_MINUTES, issueToken, peekToken } from './tokens.js';

/** Links mailed to one address in 15 minutes before further requests quietly send nothing. */
export const EMAIL_LINKS_PER_ADDRESS = 5;
const CHOICE_MINUTES = 10;
export const CHOOSE_COOKIE = 'hs_choose_org';

export type SignInMethod = 'email_link' | 'invitation' | 'sso' | 'setup';

/**
 * Mails a sign-in link if the address belongs to an active user and has not had too many links
 * lately. The caller shows the same page whatever happens here, so nobody learns who has an account.
 */
export async function requestEmailLink(deps: { db: Db; config: Config; mailer: Mailer }, rawEmail: string, now = new Date()): Promise<void> {
  const email = normalizeEmail(rawEmail);
  const token = await deps.db.transaction(async (tx) => {
    // Requests for one address take turns, so concurrent ones cannot all pass the count.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${email}))`);
    const recent = await emailLinksSince(tx, email, new Date(now.getTime() - EMAIL_LINK_MINUTES * 60_000));
    if (recent >= EMAIL_LINKS_PER_ADDRESS) return null;
    if ((await activeUsersByEmail(tx, email)).length === 0) return null;
    return issueToken(tx, { purpose: 'email_link', email, ttlMs: EMAIL_LINK_MINUTES * 60_000 }, now);
  });
  if (!token) return;
  await deps.mailer.send(signInMail(email, new URL(`/sign-in/email/${token}`, deps.config.publicUrl).href));
}

export type SignInOutcome =
  | { kind: 'signed_in'; cookie: string }
  | { kind: 'choose'; choiceToken: string }
  | { kind: 'refused'; reason: 'expired' | 'no_account' };

/** Where a verified email leads: straight in with one account, to a chooser with several. */
export async function signInByEmail(db: Db, config: Config, email: string, method: SignInMethod): Promise<SignInOutcome> {
  const accounts = await activeUsersByEmail(db, email);
  if (accounts.length === 0) return { kind: 'refused', reason: 'no_account' };
  if (accounts.length === 1) return { kind: 'signed_in', cookie: await signIn(db, config, accounts[0]!, method) };
  const choiceToken = await issueToken(db, { purpose: 'choose_org', email: normalizeEmail(email), ttlMs: CHOICE_MINUTES * 60_000, data: { method } });
  return { kind: 'choose', choiceToken };
}

/** A mailed link not used yet: what the confirmation page offers (an invitation or a sign-in). */
export async function pendingEmailLink(db: Db, token: string) {
  return peekToken(db, token, ['email_link', 'invitation']);
}

/** A mailed link (sign-in or invitation), used up on first use. */
export async function followEmailLink(db: Db, config: Config, token: string): Promise<SignInOutcome> {
  const row = await consumeToken(db, token, ['email_link', 'invitation']);
  if (!row) return { kind: 'refused', reason: 'expired' };
  if (row.purpose === 'invitation') {
    const active = row.userId ? await activeUserById(db, row.userId) : undefined;
    if (!active) return { kind: 'refused', reason: 'no_account' };
    return { kind: 'signed_in', cookie: await signIn(db, config, { orgId: active.orgId, userId: active.id }, 'invitation') };
  }
  return signInByEmail(db, config, row.email!, 'email_link');
}

/** The organizations a pending choice may pick from. */
export async function pendingChoice(db: Db, choiceToken: string) {
  const row = await peekToken(db, choiceToken, ['choose_org']);
  return row ? activeUsersByEmail(db, row.email!) : null;
}

export async function chooseOrganization(db: Db, config: Config, choiceToken: string, userId: string): Promise<SignInOutcome> {
  const row = await consumeToken(db, choiceToken, ['choose_org']);
  if (!row) return { kind: 'refused', reason: 'expired' };
  const account = (await activeUsersByEmail(db, row.email!)).find((a) => a.userId === userId);
  if (!account) return { kind: 'refused', reason: 'no_account' };
  return { kind: 'signed_in', cookie: await signIn(db, config, account, (row.data as { method: SignInMethod }).method) };
}

/** A fresh session (never one the browser already had) and its audit row. */
export async function signIn(db: Db, config: Config, user: { orgId: string; userId: string }, method: SignInMethod): Promise<string> {
  return db.transaction(async (tx) => {
    await deleteExpiredSessions(tx, config.session);
    const cookie = await startSession(tx, user, config.session);
    await recordAudit(tx, { orgId: user.orgId, actorId: user.userId, action: 'session.start', entity: 'user', entityId: user.userId, after: { method } });
    return cookie;
  });
}

export function setSessionCookie(reply: FastifyReply, config: Config, cookie: string) {
  reply.setCookie(SESSION_COOKIE, cookie, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https:'),
    maxAge: Math.floor(config.session.maxMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.publicUrl.startsWith('https:') });
}
