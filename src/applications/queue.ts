// The interviewer's queue: what each interviewer needs to prepare and no more (only their own
// assigned criteria, so nobody drifts into evaluating everything).
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { concurrently, type Queryable } from '../db/client.js';
import { applications, candidates, roles, steps } from '../db/schema.js';
import { toPage, type PageQuery } from '../http/pagination.js';
import { isoTime, toIso, toIsoOrNull } from '../http/schemas.js';
import type { StaffContext } from '../plugins/auth.js';
import { findCriteriaByIds } from '../roles/read.js';
import { scorecardsOfAuthor } from '../scorecards/queries.js';
import { listInterviewsOf } from './queries.js';

export const queueItemSchema = z.object({
  interviewId: z.uuid(),
  applicationId: z.uuid(),
  candidateName: z.string().nullable(),
  role: z.object({ id: z.uuid(), title: z.string(), scale: z.array(z.object({ level: z.number().int(), label: z.string() })) }),
  step: z.object({ id: z.uuid().nullable(), name: z.string().nullable(), kind: z.string().nullable(), briefing: z.string().nullable(), adHoc: z.boolean() }),
  startsAt: isoTime,
  endsAt: isoTime,
  criteria: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      description: z.string(),
      bar: z.number().int(),
      mustHave: z.boolean(),
      anchors: z.array(z.object({ level: z.number().int(), text: z.string() })),
    }),
  ),
  scorecard: z.object({ id: z.uuid(), status: z.enum(['draft', 'submitted']), submittedAt: z.string().nullable() }).nullable(),
});

export async function interviewerQueue(db: Queryable, staff: StaffContext, query: PageQuery) {
  const { orgId, userId } = staff;
  const rows = await listInterviewsOf(db, orgId, userId, { limit: query.limit, after: query.cursor });
  const page = toPage(rows.map((r) => ({ ...r, id: r.interview.id })), query.limit);
  const interviewsOnPage = page.items;
  if (interviewsOnPage.length === 0) return { items: [], nextCursor: null };

  const applicationIds = [...new Set(interviewsOnPage.map((r) => r.interview.applicationId))];
  const stepIds = [...new Set(interviewsOnPage.flatMap((r) => (r.interview.stepId ? [r.interview.stepId] : [])))];
  const criterionIds = [...new Set(interviewsOnPage.flatMap((r) => r.assignedCriterionIds))];
  const [appRows, stepRows, criterionRows, scorecardRows] = await concurrently(db, [
    () => db
      .select({ id: applications.id, candidateName: candidates.name, roleId: roles.id, title: roles.title, scaleLabels: roles.scaleLabels })
      .from(applications)
      .innerJoin(candidates, eq(candidates.id, applications.candidateId))
      .innerJoin(roles, eq(roles.id, applications.roleId))
      .where(and(eq(applications.orgId, orgId), inArray(applications.id, applicationIds))),
    () => stepIds.length ? db.select().from(steps).where(and(eq(steps.orgId, orgId), inArray(steps.id, stepIds))) : Promise.resolve([]),
    () => findCriteriaByIds(db, orgId, criterionIds),
    () => scorecardsOfAuthor(db, orgId, userId, interviewsOnPage.map((r) => r.interview.id)),
  ]);
  const appById = new Map(appRows.map((a) => [a.id, a]));
  const stepById = new Map(stepRows.map((s) => [s.id, s]));
  const criterionById = new Map(criterionRows.map((c) => [c.id, c]));
  const scorecardByInterview = new Map(scorecardRows.map((s) => [s.interviewId, s]));

  const items = interviewsOnPage.map(({ interview, assignedCriterionIds }) => {
    const application = appById.get(interview.applicationId)!;
    const step = interview.stepId ? stepById.get(interview.stepId) : undefined;
    const scorecard = scorecardByInterview.get(interview.id);
    return {
      interviewId: interview.id,
      applicationId: interview.applicationId,
      candidateName: application.candidateName,
      role: { id: application.roleId, title: application.title, scale: application.scaleLabels.map((label, i) => ({ level: i + 1, label })) },
      step: { id: step?.id ?? null, name: step?.name ?? interview.adHocName, kind: step?.kind ?? null, briefing: step?.briefing ?? null, adHoc: !step },
      startsAt: toIso(interview.startsAt),
      endsAt: toIso(interview.endsAt),
      criteria: assignedCriterionIds.flatMap((id) => {
        const c = criterionById.get(id);
        if (!c) return [];
        return [{ id: c.id, name: c.name, description: c.description, bar: c.bar, mustHave: c.mustHave, anchors: c.anchors.map((text, i) => ({ level: i + 1, text })) }];
      }),
      scorecard: scorecard ? { id: scorecard.id, status: scorecard.status, submittedAt: toIsoOrNull(scorecard.submittedAt) } : null,
    };
  });
  return { items, nextCursor: page.nextCursor };
}
