// The interview kit: what an interviewer needs to score one interview, and nothing more (their
// own assigned criteria with anchors, the step's briefing, their own scorecard).
import { applicationFor } from '../applications/access.js';
import { findApplication, findCandidate, findInterview } from '../applications/queries.js';
import type { Queryable } from '../db/client.js';
import { notFound } from '../errors.js';
import type { StaffContext } from '../plugins/auth.js';
import { findCriteriaByIds, findRole, findStep } from '../roles/read.js';
import { authoringContextRow, scorecardsOfAuthor } from './queries.js';
import { loadScorecardViews } from './read.js';
import type { ScorecardView } from './schemas.js';

export interface KitCriterion {
  id: string;
  name: string;
  description: string;
  mustHave: boolean;
  bar: number;
  anchors: { level: number; label: string; text: string }[];
}

export interface InterviewKit {
  interviewId: string;
  applicationId: string;
  candidateName: string | null;
  role: { id: string; title: string };
  step: { name: string; kind: string | null; briefing: string | null; adHoc: boolean };
  startsAt: Date;
  endsAt: Date;
  applicationStatus: string;
  criteria: KitCriterion[];
  scorecard: ScorecardView | null;
}

/**
 * The kit for the interview's own interviewer. Anyone else is refused as the scorecard routes
 * refuse them: 403 with the reason when they may see the application, 404 otherwise.
 */
export async function loadInterviewKit(db: Queryable, staff: StaffContext, interviewId: string): Promise<InterviewKit> {
  const row = await authoringContextRow(db, staff.orgId, interviewId, staff.userId);
  if (!row) {
    const interview = await findInterview(db, staff.orgId, interviewId);
    if (!interview) throw notFound('interview');
    await applicationFor(db, staff, interview.applicationId, [], 'The interview kit is for the interview’s own interviewers.');
    throw notFound('interview');
  }
  const [interview, application, role, criteria, cards] = await Promise.all([
    findInterview(db, staff.orgId, interviewId),
    findApplication(db, staff.orgId, row.applicationId),
    findRole(db, staff.orgId, row.roleId),
    findCriteriaByIds(db, staff.orgId, row.assignedCriterionIds),
    scorecardsOfAuthor(db, staff.orgId, staff.userId, [interviewId]),
  ]);
  const [step, candidate, views] = await Promise.all([
    interview!.stepId ? findStep(db, staff.orgId, row.roleId, interview!.stepId) : undefined,
    findCandidate(db, staff.orgId, application!.candidateId),
    loadScorecardViews(db, staff.orgId, cards),
  ]);
  const byId = new Map(criteria.map((c) => [c.id, c]));
  return {
    interviewId,
    applicationId: row.applicationId,
    candidateName: candidate?.name ?? null,
    role: { id: role!.id, title: role!.title },
    step: { name: step?.name ?? interview!.adHocName ?? 'Interview', kind: step?.kind ?? null, briefing: step?.briefing ?? null, adHoc: !step },
    startsAt: interview!.startsAt,
    endsAt: interview!.endsAt,
    applicationStatus: row.applicationStatus,
    // In the order the recruiter assigned them.
    criteria: row.assignedCriterionIds.flatMap((id) => {
      const c = byId.get(id);
      if (!c) return [];
      return [{ id: c.id, name: c.name, description: c.description, mustHave: c.mustHave, bar: c.bar, anchors: row.scaleLabels.map((label, i) => ({ level: i + 1, label, text: c.anchors[i] ?? '' })) }];
    }),
    scorecard: views[0] ?? null,
  };
}
