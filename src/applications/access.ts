import type { Queryable } from '../db/client.js';
import { notFound } from '../errors.js';
import { hasPermission, type StaffContext } from '../plugins/auth.js';
import type { RoleRow } from '../roles/read.js';
import { findApplicationWithRole, isInterviewerOnApplication, type ApplicationRow } from './queries.js';

export type Relation = 'recruiter' | 'decisionOwner' | 'interviewer';

/** The relations that need no query: recruiter by permission, decision owner by the role. */
export function relationsTo(staff: StaffContext, role: Pick<RoleRow, 'decisionOwnerId'>): Set<Relation> {
  const relations = new Set<Relation>();
  if (hasPermission(staff, 'recruiter')) relations.add('recruiter');
  if (role.decisionOwnerId === staff.userId) relations.add('decisionOwner');
  return relations;
}

export interface ApplicationAccess {
  application: ApplicationRow;
  role: RoleRow;
  relations: Set<Relation>;
}

/**
 * Loads an application for a caller who must stand in one of the `allowed` relations to it.
 * Anyone else gets 404, as for another organization's object: an unrelated interviewer learns
 * nothing about which candidates exist.
 */
export async function applicationFor(db: Queryable, staff: StaffContext, applicationId: string, allowed: Relation[]): Promise<ApplicationAccess> {
  const found = await findApplicationWithRole(db, staff.orgId, applicationId);
  if (!found) throw notFound('application');
  const { application, role } = found;
  const relations = relationsTo(staff, role);
  if (allowed.includes('interviewer') && (await isInterviewerOnApplication(db, staff.orgId, applicationId, staff.userId))) {
    relations.add('interviewer');
  }
  if (!allowed.some((r) => relations.has(r))) throw notFound('application');
  return { application, role, relations };
}
