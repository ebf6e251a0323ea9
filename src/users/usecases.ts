import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import { revokeApiKeysOf } from '../api-keys/queries.js';
import { onUniqueViolation } from '../db/errors.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import type { Deps } from '../http/types.js';
import { runMutation } from '../plugins/idempotency.js';
import { invitationMail } from '../sign-in/mails.js';
import { endSessionsOf } from '../sign-in/sessions.js';
import { INVITATION_DAYS, issueToken } from '../sign-in/tokens.js';
import { deactivate, findOrganization, findUser, insertUser, normalizeEmail, updatePermissions } from './queries.js';
import { toUser, type createUserBody } from './schemas.js';
import type { z } from 'zod';

/**
 * Adds a user and mails them an invitation whose link signs them in once (valid 7 days). The mail
 * goes out after the transaction commits, so a rolled-back user is never invited.
 */
export async function inviteUser(deps: Deps, request: FastifyRequest, body: z.infer<typeof createUserBody>) {
  const { orgId, userId } = request.staff;
  const email = normalizeEmail(body.email);
  let invitation: { token: string; inviter: string; organization: string } | undefined;
  const result = await runMutation(deps.db, request, 201, async (tx) => {
    const user = await onUniqueViolation(
      insertUser(tx, { orgId, sub: body.sub ?? email, email, name: body.name, permissions: body.permissions }),
      () => conflict('A user with that email or sub already exists in this organization.'),
    );
    const response = toUser(user);
    await recordAudit(tx, { orgId, actorId: userId, action: 'user.create', entity: 'user', entityId: user.id, after: response });
    const [inviter, organization] = await Promise.all([findUser(tx, orgId, userId), findOrganization(tx, orgId)]);
    invitation = {
      token: await issueToken(tx, { purpose: 'invitation', userId: user.id, email, ttlMs: INVITATION_DAYS * 86_400_000 }),
      inviter: inviter?.name ?? 'An admin',
      organization: organization!.name,
    };
    return response;
  });
  if (invitation) {
    const link = new URL(`/sign-in/email/${invitation.token}`, deps.config.publicUrl).href;
    // The user exists either way; without the mail they can still ask for a sign-in link themselves.
    await deps.mailer.send(invitationMail(email, link, invitation.organization, invitation.inviter)).catch((error: unknown) => {
      request.log.error({ err: { message: (error as Error).message } }, 'could not send an invitation');
    });
  }
  return result;
}

/** Ends everything that lets the user in: sessions, API keys and (checked per request) their staff JWTs. */
export async function deactivateUser(deps: Deps, request: FastifyRequest, targetId: string) {
  const { orgId, userId } = request.staff;
  if (targetId === userId) throw unprocessable('You cannot deactivate yourself; ask another admin.');
  return runMutation(deps.db, request, 200, async (tx) => {
    const before = await findUser(tx, orgId, targetId);
    if (!before) throw notFound('user');
    const after = before.deactivatedAt ? before : await deactivate(tx, orgId, targetId);
    await endSessionsOf(tx, targetId);
    await revokeApiKeysOf(tx, targetId);
    await recordAudit(tx, { orgId, actorId: userId, action: 'user.deactivate', entity: 'user', entityId: targetId, before: toUser(before), after: toUser(after) });
    return toUser(after);
  });
}

/**
 * Replaces a user's permissions. Sessions and API keys act with the new ones from their next
 * request; staff JWTs carry their own claims. An admin cannot take their own admin away (lockout).
 */
export async function setUserPermissions(deps: Deps, request: FastifyRequest, targetId: string, permissions: string[]) {
  const { orgId, userId } = request.staff;
  if (targetId === userId && !permissions.includes('admin')) throw unprocessable('You cannot remove your own admin permission; ask another admin.');
  return runMutation(deps.db, request, 200, async (tx) => {
    const before = await findUser(tx, orgId, targetId);
    if (!before) throw notFound('user');
    const after = await updatePermissions(tx, orgId, targetId, [...new Set(permissions)]);
    await recordAudit(tx, { orgId, actorId: userId, action: 'user.permissions', entity: 'user', entityId: targetId, before: toUser(before), after: toUser(after) });
    return toUser(after);
  });
}
