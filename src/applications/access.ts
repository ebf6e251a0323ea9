import type { Queryable } from '../db/client.js';
import { forbidden, notFound } from '../errors.js';
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

const relationNames: Record<Relation, string> = {
  recruiter: 'a recruiter',
  decisionOwner: 'the role’s decision owner',
  interviewer: 'one of its interviewers',
};

/** Why a person who can see the object may not do this: "needs a recruiter or …". */
export function needsOneOf(allowed: Relation[]): string {
  return allowed.map((r) => relationNames[r]).join(' or ');
}

/**
 * Loads an application for a caller who must stand in one of the `allowed` relations to it.
 * Someone with no relation to it at all gets 404, as for another organization's object: an
 * unrelated interviewer learns nothing about which candidates exist. Someone who can see it
 * (a recruiter, its decision owner, one of its interviewers) but may not do this gets 403 with the
 * reason (`reason`, or which relation it needs).
 */
export async function applicationFor(db: Queryable, staff: StaffContext, applicationId: string, allowed: Relation[], reason?: string): Promise<ApplicationAccess> {
  const found = await findApplicationWithRole(db, staff.orgId, applicationId);
  if (!found) throw notFound('application');
  const { application, role } = found;
  const relations = relationsTo(staff, role);
  if (!allowed.some((r) => relations.has(r)) || allowed.includes('interviewer')) {
    if (await isInterviewerOnApplication(db, staff.orgId, applicationId, staff.userId)) relations.add('interviewer');
  }
  if (!allowed.some((r) => relations.has(r))) {
    if (relations.size === 0) throw notFound('application');
    throw forbidden(reason ?? `You can see this application, but this needs ${needsOneOf(allowed)}.`);
  }
  return { application, role, relations };
}
