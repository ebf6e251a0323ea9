import { and, eq, isNull } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { signInTokens } from '../db/schema.js';
import { bootstrapOrganization } from '../users/bootstrap.js';
import { hasAnyOrganization } from '../users/queries.js';
import { consumeToken, issueToken, peekToken } from './tokens.js';
import { signIn } from './usecases.js';

const SETUP_DAYS = 7;

/**
 * On an empty database, a one-time setup URL for the first admin (printed at start). Each start
 * replaces the previous URL, so only the one in the latest log works.
 */
export async function prepareFirstRun(db: Db, config: Config): Promise<string | null> {
  if (await hasAnyOrganization(db)) return null;
  await db.delete(signInTokens).where(and(eq(signInTokens.purpose, 'setup'), isNull(signInTokens.usedAt)));
  const token = await issueToken(db, { purpose: 'setup', ttlMs: SETUP_DAYS * 86_400_000 });
  return new URL(`/setup?token=${token}`, config.publicUrl).href;
}

export async function setupIsOpen(db: Db, token: string): Promise<boolean> {
  return Boolean(await peekToken(db, token, ['setup'])) && !(await hasAnyOrganization(db));
}

/** Creates the organization and its first admin, and signs that person in. Null when the link is spent. */
export async function completeSetup(db: Db, config: Config, token: string, input: { orgName: string; name: string; email: string }) {
  if (!(await consumeToken(db, token, ['setup']))) return null;
  if (await hasAnyOrganization(db)) return null;
  const { org, admin } = await bootstrapOrganization(db, { orgName: input.orgName, email: input.email, adminName: input.name });
  return signIn(db, config, { orgId: org.id, userId: admin.id }, 'setup');
}
