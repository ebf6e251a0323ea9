// Loads one application's synthesis input from the database: the only I/O of the synthesis.
// Every query is bounded by the application (its interviews, scorecards, views) or its role.
import { and, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { preparedStatement, type Database, type Queryable } from '../db/client.js';
import { applicationFlags, applications, interviews, scorecards } from '../db/schema.js';
import type { ApplicationRow } from '../applications/queries.js';
import type { RoleRow } from '../roles/read.js';
import type { DecisionRow } from './decisions.js';
import { synthesize } from './synthesize.js';
import type { LexiconEntry, SynthesisInput } from './types.js';

export interface SynthesisSettings {
  lexicon: readonly LexiconEntry[];
  lateFeedbackHours: number;
  /** Shrunk leniency offsets per interviewer, when calibration has them. */
  leniencyOffsets?: Readonly<Record<string, number>>;
}

/**
 * The application, its role, its evidence and its role's design in ONE round trip: each part a
 * JSON array built by the database, ordered as the synthesis expects; no row when the application
 * is not in the organization. The synthesis is the decision owner's most frequent read, and a
 * dozen small queries cost more in round trips and planning than the data they carry.
 */
function snapshotSql(orgId: string | Placeholder, applicationId: string | Placeholder) {
  const list = (object: SQL, from: SQL, order: SQL) => sql`(select coalesce(json_agg(${object} order by ${order}), '[]'::json) ${from})`;
  const roleId = sql`t.role_id`;
  return sql`with t as (
      select a.id, a.role_id, r.decision_owner_id, r.scale_labels
      from applications a join roles r on r.id = a.role_id
      where a.org_id = ${orgId} and a.id = ${applicationId}
    )
    select t.id as application_id, t.role_id, t.decision_owner_id, t.scale_labels,
    (select (o.settings->>'lateFeedbackHours')::float8 from organizations o where o.id = ${orgId}) as late_feedback_hours,
    ${list(sql`json_build_object('id', c.id, 'name', c.name, 'mustHave', c.must_have, 'bar', c.bar, 'weight', c.weight)`, sql`from criteria c where c.org_id = ${orgId} and c.role_id = ${roleId}`, sql`c.id`)} as criteria,
    ${list(
      sql`json_build_object('id', s.id, 'name', s.name, 'kind', s.kind, 'briefing', s.briefing, 'addedAfterOpenAt', s.added_after_open_at, 'interviewers',
        ${list(
          sql`json_build_object('interviewerId', p.interviewer_id, 'criterionIds',
            (select coalesce(array_agg(sa.criterion_id order by sa.criterion_id), '{}') from step_assignments sa where sa.step_id = s.id and sa.interviewer_id = p.interviewer_id))`,
          sql`from (select interviewer_id from step_interviewers where step_id = s.id union select interviewer_id from step_assignments where step_id = s.id) p`,
          sql`p.interviewer_id`,
        )})`,
      sql`from steps s where s.org_id = ${orgId} and s.role_id = ${roleId}`,
      sql`s.position, s.id`,
    )} as steps,
    ${list(
      sql`json_build_object('id', i.id, 'stepId', i.step_id, 'adHocName', i.ad_hoc_name, 'startsAt', i.starts_at, 'endsAt', i.ends_at, 'interviewers',
        ${list(sql`json_build_object('interviewerId', ii.interviewer_id, 'assignedCriterionIds', ii.assigned_criterion_ids)`, sql`from interview_interviewers ii where ii.interview_id = i.id`, sql`ii.interviewer_id`)})`,
      sql`from interviews i where i.org_id = ${orgId} and i.application_id = t.id`,
      sql`i.starts_at, i.id`,
    )} as interviews,
    ${list(
      sql`json_build_object('id', sc.id, 'interviewId', sc.interview_id, 'authorId', sc.author_id, 'authorName', u.name, 'status', sc.status,
        'submittedAt', sc.submitted_at, 'recommendation', sc.recommendation, 'notes', sc.notes,
        'ratings', ${list(sql`json_build_object('criterionId', r.criterion_id, 'rating', r.rating, 'evidence', r.evidence, 'offAssignment', r.off_assignment)`, sql`from scorecard_ratings r where r.scorecard_id = sc.id and r.is_current`, sql`r.created_at, r.id`)},
        'amendments', ${list(sql`json_build_object('id', a.id, 'createdAt', a.created_at, 'reason', a.reason)`, sql`from scorecard_amendments a where a.scorecard_id = sc.id`, sql`a.created_at, a.id`)})`,
      sql`from scorecards sc join users u on u.id = sc.author_id where sc.org_id = ${orgId} and sc.application_id = t.id`,
      sql`sc.id`,
    )} as scorecards,
    ${list(sql`json_build_object('viewerId', v.viewer_id, 'viewedAt', v.viewed_at)`, sql`from scorecard_views v where v.org_id = ${orgId} and v.application_id = t.id`, sql`v.viewed_at`)} as views,
    ${list(
      sql`json_build_object('id', d.id, 'orgId', d.org_id, 'applicationId', d.application_id, 'roleId', d.role_id, 'decidedBy', d.decided_by, 'decision', d.decision,
        'rationale', d.rationale, 'criterionIds', d.criterion_ids, 'overrideReason', d.override_reason, 'latencySeconds', d.latency_seconds, 'decidedAt', d.decided_at)`,
      sql`from decisions d where d.org_id = ${orgId} and d.application_id = t.id`,
      sql`d.decided_at, d.id`,
    )} as decisions
    from t`;
}

/** The synthesis GET's statement, its text built once (building it cost more than parsing its answer). */
const snapshotStatement = preparedStatement<Snapshot, { orgId: string; applicationId: string }>(
  'synthesis_snapshot',
  snapshotSql(sql.placeholder('orgId'), sql.placeholder('applicationId')),
);

type Json<T> = T[];
interface Snapshot {
  application_id: string;
  role_id: string;
  decision_owner_id: string | null;
  scale_labels: string[];
  /** The organization's own late-feedback threshold, when an admin set one. */
  late_feedback_hours: number | null;
  criteria: Json<SynthesisInput['criteria'][number]>;
  steps: Json<Omit<SynthesisInput['steps'][number], 'addedAfterOpenAt'> & { addedAfterOpenAt: string | null }>;
  interviews: Json<Omit<SynthesisInput['interviews'][number], 'stepName'> & { adHocName: string | null }>;
  scorecards: Json<SynthesisInput['scorecards'][number]>;
  views: Json<SynthesisInput['views'][number]>;
  decisions: Json<Omit<DecisionRow, 'decidedAt'> & { decidedAt: string }>;
}

export interface LoadedSynthesis {
  /** What access checks need of the role. */
  role: Pick<RoleRow, 'id' | 'decisionOwnerId'>;
  input: SynthesisInput;
  decisions: DecisionRow[];
}

/** The database's JSON timestamps in the API's form (ISO 8601, UTC, milliseconds). */
const iso = (value: string) => new Date(value).toISOString();
const isoOrNull = (value: string | null) => (value === null ? null : iso(value));

/**
 * An application's synthesis input, its role and the decisions taken so far, in one query
 * (undefined when the organization has no such application): inside a transaction, or from the
 * database as a prepared statement (the synthesis GET, where planning was half the cost).
 */
export async function loadSynthesis(from: Queryable | Database, orgId: string, applicationId: string, settings: SynthesisSettings): Promise<LoadedSynthesis | undefined> {
  const [snapshot] =
    'driver' in from
      ? await snapshotStatement(from, { orgId, applicationId })
      : ((await from.execute(snapshotSql(orgId, applicationId))) as unknown as { rows: Snapshot[] }).rows;
  if (!snapshot) return undefined;
  const stepNames = new Map(snapshot.steps.map((s) => [s.id, s.name]));
  const input: SynthesisInput = {
    application: { id: snapshot.application_id },
    role: { scaleLevels: snapshot.scale_labels.length, lateFeedbackHours: snapshot.late_feedback_hours ?? settings.lateFeedbackHours },
    criteria: snapshot.criteria,
    steps: snapshot.steps.map((s) => ({ ...s, addedAfterOpenAt: isoOrNull(s.addedAfterOpenAt) })),
    interviews: snapshot.interviews.map(({ adHocName, ...i }) => ({
      ...i,
      stepName: i.stepId ? (stepNames.get(i.stepId) ?? null) : adHocName,
      startsAt: iso(i.startsAt),
      endsAt: iso(i.endsAt),
    })),
    scorecards: snapshot.scorecards.map((s) => ({
      ...s,
      submittedAt: isoOrNull(s.submittedAt),
      amendments: s.amendments.map((a) => ({ ...a, createdAt: iso(a.createdAt) })),
    })),
    views: snapshot.views.map((v) => ({ ...v, viewedAt: iso(v.viewedAt) })),
    leniencyOffsets: settings.leniencyOffsets,
    lexicon: settings.lexicon,
  };
  return {
    role: { id: snapshot.role_id, decisionOwnerId: snapshot.decision_owner_id },
    input,
    decisions: snapshot.decisions.map((d) => ({ ...d, decidedAt: new Date(d.decidedAt) })),
  };
}

/** The synthesis input of an application known to exist (callers have loaded it already). */
export async function loadSynthesisInput(db: Queryable, application: ApplicationRow, settings: SynthesisSettings): Promise<SynthesisInput> {
  const loaded = await loadSynthesis(db, application.orgId, application.id, settings);
  if (!loaded) throw new Error(`application ${application.id} vanished while its synthesis was loading`);
  return loaded.input;
}

/**
 * Recomputes and stores the application's flag codes, inside the transaction of the change that
 * can alter them (scorecard submitted or amended, interview scheduled, decision), so analytics
 * and the export read flags with SQL.
 */
export async function refreshApplicationFlags(tx: Queryable, application: ApplicationRow, settings: SynthesisSettings) {
  await storeApplicationFlags(tx, application, synthesize(await loadSynthesisInput(tx, application, settings)).flags);
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
    .select({ application: applications })
    .from(applications)
    .leftJoin(applicationFlags, eq(applicationFlags.applicationId, applications.id))
    .where(
      and(
        eq(applications.orgId, orgId),
        roleId ? eq(applications.roleId, roleId) : undefined,
        sql`exists (select 1 from ${interviews} where ${interviews.applicationId} = ${applications.id})`,
        sql`(${applicationFlags.computedAt} is null or ${applicationFlags.computedAt} < ${lastActivity})`,
      ),
    );
  for (const { application } of stale) await refreshApplicationFlags(db, application, settings);
  return stale.length;
}
