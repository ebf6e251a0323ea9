// Role-level use cases (create, change, open, close), shared by the API routes and the role pages.
import type { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Tx } from '../db/client.js';
import { conflict, unprocessable } from '../errors.js';
import { enqueueEvent } from '../notifications/outbox.js';
import type { StaffContext } from '../plugins/auth.js';
import type { Rubric } from '../rubrics/templates.js';
import { requireUsers, roleReadiness, writableRole } from './access.js';
import { createRoleFromRubric, type FromRubricOptions } from './from-rubric.js';
import { insertRole, loadRoleDesign, toRole, updateRole } from './queries.js';
import { listCriteria } from './read.js';
import { DEFAULT_SCALE, type createRoleBody, type updateRoleBody } from './schemas.js';

export async function createRole(tx: Tx, staff: StaffContext, input: z.infer<typeof createRoleBody>) {
  const { orgId, userId } = staff;
  const { scale, ...fields } = input;
  if (fields.decisionOwnerId) await requireUsers(tx, orgId, [fields.decisionOwnerId], 'decisionOwnerId');
  const role = toRole(await insertRole(tx, { orgId, ...fields, scaleLabels: scale ?? DEFAULT_SCALE }));
  await recordAudit(tx, { orgId, actorId: userId, action: 'role.create', entity: 'role', entityId: role.id, after: role });
  return role;
}

export async function createRoleFromTemplate(tx: Tx, staff: StaffContext, rubric: Rubric, template: string | null, options: FromRubricOptions) {
  const { orgId, userId } = staff;
  const role = await createRoleFromRubric(tx, orgId, rubric, options);
  const detail = { ...toRole(role), ...(await loadRoleDesign(tx, role)) };
  await recordAudit(tx, { orgId, actorId: userId, action: 'role.create_from_rubric', entity: 'role', entityId: role.id, after: { template, role: toRole(role) } });
  return detail;
}

export async function changeRole(tx: Tx, staff: StaffContext, roleId: string, input: z.infer<typeof updateRoleBody>) {
  const { orgId, userId } = staff;
  const { scale, ...fields } = input;
  const before = await writableRole(tx, staff, roleId);
  if (fields.decisionOwnerId) await requireUsers(tx, orgId, [fields.decisionOwnerId], 'decisionOwnerId');
  if (scale && scale.length !== before.scaleLabels.length) {
    // Anchors and submitted ratings are tied to the number of levels.
    if (before.status !== 'draft') throw conflict('The scale of an open role cannot change: submitted ratings were given on it.');
    if ((await listCriteria(tx, orgId, before.id)).length) throw conflict('Change the number of levels before adding criteria: every criterion has one anchor per level.');
  }
  const after = toRole(await updateRole(tx, before.id, { ...fields, ...(scale ? { scaleLabels: scale } : {}) }));
  await recordAudit(tx, { orgId, actorId: userId, action: 'role.update', entity: 'role', entityId: before.id, before: toRole(before), after });
  return after;
}

/** Opens a draft role; 422 with every readiness reason when it is not ready. */
export async function openRole(tx: Tx, staff: StaffContext, roleId: string) {
  const { orgId, userId } = staff;
  const before = await writableRole(tx, staff, roleId);
  if (before.status !== 'draft') throw conflict(`The role is already ${before.status}.`);
  const readiness = await roleReadiness(tx, before);
  if (!readiness.ready) throw unprocessable('The role is not ready to open.', { reasons: readiness.reasons });
  const after = toRole(await updateRole(tx, before.id, { status: 'open', openedAt: new Date() }));
  await recordAudit(tx, { orgId, actorId: userId, action: 'role.open', entity: 'role', entityId: before.id, before: toRole(before), after });
  await enqueueEvent(tx, 'role.opened', { orgId, roleId: before.id });
  return after;
}

export async function closeRole(tx: Tx, staff: StaffContext, roleId: string) {
  const { orgId, userId } = staff;
  const before = await writableRole(tx, staff, roleId);
  if (before.status !== 'open') throw conflict('Only an open role can be closed.');
  const after = toRole(await updateRole(tx, before.id, { status: 'closed', closedAt: new Date() }));
  await recordAudit(tx, { orgId, actorId: userId, action: 'role.close', entity: 'role', entityId: before.id, before: toRole(before), after });
  await enqueueEvent(tx, 'role.closed', { orgId, roleId: before.id });
  return after;
}
