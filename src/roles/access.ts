import type { Queryable } from '../db/client.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { hasPermission, type StaffContext } from '../plugins/auth.js';
import { existingUserIds } from '../users/queries.js';
import { isRoleInterviewer, loadRoleDesign } from './queries.js';
import { findRole, type RoleRow } from './read.js';
import { readinessReasons } from './readiness.js';

/** Who reads every role's design (not its candidates): recruiters, admins and compliance. */
export const readsAllRoles = (staff: StaffContext) => hasPermission(staff, 'recruiter') || hasPermission(staff, 'compliance');

/** A role the caller may read: recruiters, admins, compliance, its decision owner, its interviewers. Others get 404. */
export async function readableRole(db: Queryable, staff: StaffContext, roleId: string): Promise<RoleRow> {
  const role = await findRole(db, staff.orgId, roleId);
  if (!role) throw notFound('role');
  if (readsAllRoles(staff) || role.decisionOwnerId === staff.userId) return role;
  if (await isRoleInterviewer(db, role.id, staff.userId)) return role;
  throw notFound('role');
}

/** A role a recruiter may change: closed roles are read-only. */
export async function writableRole(db: Queryable, staff: StaffContext, roleId: string): Promise<RoleRow> {
  const role = await findRole(db, staff.orgId, roleId);
  if (!role) throw notFound('role');
  if (role.status === 'closed') throw conflict('The role is closed; its design is read-only.');
  return role;
}

export async function requireUsers(db: Queryable, orgId: string, ids: string[], field: string) {
  const known = await existingUserIds(db, orgId, ids);
  const unknownIds = ids.filter((id) => !known.has(id));
  if (unknownIds.length) throw unprocessable(`${field}: not users of this organization.`, { unknownIds });
}

export async function roleReadiness(db: Queryable, role: RoleRow) {
  const design = await loadRoleDesign(db, role);
  const interviewerIds = design.steps.flatMap((s) => s.assignments.map((a) => a.interviewerId));
  const organizationUserIds = await existingUserIds(db, role.orgId, [...new Set(interviewerIds)]);
  const reasons = readinessReasons({
    decisionOwnerId: role.decisionOwnerId,
    scaleLevels: role.scaleLabels.length,
    metrics: design.successMetrics,
    criteria: design.criteria.map((c) => ({ id: c.id, name: c.name, metricIds: c.metricIds, anchors: c.anchors.map((a) => a.text) })),
    steps: design.steps.map((s) => ({ id: s.id, name: s.name, briefing: s.briefing, interviewers: s.assignments })),
    organizationUserIds,
  });
  return { ready: reasons.length === 0, reasons };
}
