// Loads one application's synthesis input from the database: the only I/O of the synthesis.
// Every query is bounded by the application (its interviews, scorecards, views) or its role.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { applicationFlags, applications, interviews, roles, scorecards, users } from '../db/schema.js';
import { interviewersOf, listInterviewsOfApplication, type ApplicationRow } from '../applications/queries.js';
import { listCriteria, listSteps, planAssignments, type RoleRow } from '../roles/read.js';
import { scorecardsOfApplication, viewsOfApplication } from '../scorecards/queries.js';
import { loadScorecardViews } from '../scorecards/read.js';
import { synthesize } from './synthesize.js';
import type { LexiconEntry, SynthesisInput } from './types.js';

export interface SynthesisSettings {
  lexicon: readonly LexiconEntry[];
  lateFeedbackHours: number;
  /** Shrunk leniency offsets per interviewer, when calibration has them. */
  leniencyOffsets?: Readonly<Record<string, number>>;
}

export async function loadSynthesisInput(db: Queryable, application: ApplicationRow, role: RoleRow, settings: SynthesisSettings): Promise<SynthesisInput> {
  const orgId = application.orgId;
  const [criteria, steps, plan, interviews, cards, views] = await Promise.all([
    listCriteria(db, orgId, role.id),
    listSteps(db, orgId, role.id),
    planAssignments(db, orgId, role.id),
    listInterviewsOfApplication(db, orgId, application.id),
    scorecardsOfApplication(db, orgId, application.id),
    viewsOfApplication(db, orgId, application.id),
  ]);
  const [panel, scorecards] = await Promise.all([interviewersOf(db, orgId, interviews.map((i) => i.id)), loadScorecardViews(db, orgId, cards)]);
  const peopleIds = [...new Set([...panel.map((p) => p.interviewerId), ...cards.map((c) => c.authorId)])];
  const names = peopleIds.length
    ? new Map((await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, peopleIds)))).map((u) => [u.id, u.name]))
    : new Map<string, string | null>();
  const stepById = new Map(steps.map((s) => [s.id, s]));

  return {
    application: { id: application.id },
    role: { scaleLevels: role.scaleLabels.length, lateFeedbackHours: settings.lateFeedbackHours },
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, mustHave: c.mustHave, bar: c.bar, weight: c.weight })),
    steps: steps.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      briefing: s.briefing,
      addedAfterOpenAt: s.addedAfterOpenAt?.toISOString() ?? null,
      interviewers: [...(plan.get(s.id) ?? new Map<string, string[]>())].map(([interviewerId, criterionIds]) => ({ interviewerId, criterionIds })),
    })),
    interviews: interviews.map((i) => ({
      id: i.id,
      stepId: i.stepId,
      stepName: i.stepId ? (stepById.get(i.stepId)?.name ?? null) : i.adHocName,
      startsAt: i.startsAt.toISOString(),
      endsAt: i.endsAt.toISOString(),
      interviewers: panel.filter((p) => p.interviewId === i.id).map((p) => ({ interviewerId: p.interviewerId, assignedCriterionIds: p.assignedCriterionIds })),
    })),
    scorecards: scorecards.map((s) => ({
      id: s.id,
      interviewId: s.interviewId,
      authorId: s.authorId,
      authorName: names.get(s.authorId) ?? null,
      status: s.status,
      submittedAt: s.submittedAt,
      recommendation: s.recommendation,
      notes: s.notes,
      ratings: s.ratings,
      amendments: s.amendments.map((a) => ({ id: a.id, createdAt: a.createdAt, reason: a.reason })),
    })),
    views: views.map((v) => ({ viewerId: v.viewerId, viewedAt: v.viewedAt.toISOString() })),
    leniencyOffsets: settings.leniencyOffsets,
    lexicon: settings.lexicon,
  };
}

/**
 * Recomputes and stores the application's flag codes, inside the transaction of the change that
 * can alter them (scorecard submitted or amended, interview scheduled, decision), so analytics
 * and the export read flags with SQL.
 */
export async function refreshApplicationFlags(tx: Queryable, application: ApplicationRow, role: RoleRow, settings: SynthesisSettings) {
  await storeApplicationFlags(tx, application, synthesize(await loadSynthesisInput(tx, application, role, settings)).flags);
}

export async function storeApplicationFlags(tx: Queryable, application: ApplicationRow, flags: readonly { code: string }[]) {
  const counts: Record<string, number> = {};
  for (const flag of flags) counts[flag.code] = (counts[flag.code] ?? 0) + 1;
  const values = { applicationId: application.id, orgId: application.orgId, roleId: application.roleId, codes: Object.keys(counts).sort(), counts, computedAt: new Date() };
  await tx.insert(applicationFlags).values(values).onConflictDoUpdate({ target: applicationFlags.applicationId, set: { codes: values.codes, counts, computedAt: values.computedAt } });
}

/**
 * Brings stored flags up to date before analytics read them: recomputes every interviewed
 * application (optionally of one role) whose flags are missing or older than its latest interview
 * or scorecard change. Cheap when nothing changed (one query); submissions stay fast because
 * they never pay for it. Returns how many applications were refreshed.
 */
export async function refreshStaleFlags(db: Queryable, orgId: string, roleId: string | undefined, settings: SynthesisSettings): Promise<number> {
  const lastActivity = sql`greatest(
    (select max(${interviews.createdAt}) from ${interviews} where ${interviews.applicationId} = ${applications.id}),
    (select max(${scorecards.updatedAt}) from ${scorecards} where ${scorecards.applicationId} = ${applications.id}))`;
  const stale = await db
    .select({ application: applications, role: roles })
    .from(applications)
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .leftJoin(applicationFlags, eq(applicationFlags.applicationId, applications.id))
    .where(
      and(
        eq(applications.orgId, orgId),
        roleId ? eq(applications.roleId, roleId) : undefined,
        sql`exists (select 1 from ${interviews} where ${interviews.applicationId} = ${applications.id})`,
        sql`(${applicationFlags.computedAt} is null or ${applicationFlags.computedAt} < ${lastActivity})`,
      ),
    );
  for (const { application, role } of stale) await refreshApplicationFlags(db, application, role, settings);
  return stale.length;
}
