// Scorecard rules: one per interviewer per interview; drafts editable; a submission immutable;
// corrections as append-only amendments; independence recorded as views.
import { newId } from '../db/ids.js';
import type { Database, Tx } from '../db/client.js';
import { recordAudit } from '../audit/record.js';
import { enqueueEvent } from '../notifications/outbox.js';
import { refreshCalibrationRatings } from '../calibration/store.js';
import { applicationFor } from '../applications/access.js';
import { findInterview, refuseIfCandidateErased } from '../applications/queries.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import type { StaffContext } from '../plugins/auth.js';
import { loadScorecardViews } from './read.js';
import { checkRatings, checkRatingsWithoutRole, type CheckedRating, type RatingInput } from './validate.js';
import {
  amendRatings,
  insertAmendment,
  authoringContextRow,
  lockScorecard,
  lockScorecardOf,
  replaceDraftRatings,
  submitInOneStatement,
  updateScorecard,
  upsertScorecard,
  type ScorecardRow,
} from './queries.js';
import { auditableScorecard, toScorecard, type ScorecardBody, type ScorecardView } from './schemas.js';

type Actor = StaffContext;

/**
 * Refuses a caller who is not the author-to-be: 403 with `reason` when they can see the
 * application (a recruiter, its decision owner, an interviewer on it), 404 otherwise.
 */
async function refusal(tx: Tx, actor: Actor, applicationId: string, reason: string) {
  // With no relation allowed, this throws: the 403 or the 404.
  await applicationFor(tx, actor, applicationId, [], reason);
  return notFound('application');
}

/** The context a scorecard is written in: its interview, role and the author's assignment. */
async function authoringContext(tx: Tx, actor: Actor, interviewId: string) {
  const row = await authoringContextRow(tx, actor.orgId, interviewId, actor.userId);
  if (!row) {
    // Not on this interview: 404 unless the caller can see its application anyway.
    const interview = await findInterview(tx, actor.orgId, interviewId);
    if (!interview) throw notFound('interview');
    throw await refusal(tx, actor, interview.applicationId, 'Only the interview’s own interviewers write its scorecards.');
  }
  await refuseIfCandidateErased(tx, actor.orgId, row.applicationId);
  if (row.applicationStatus !== 'active') {
    throw conflict(`The application is ${row.applicationStatus}; scorecards can no longer be written for it.`);
  }
  return {
    interview: { id: row.interviewId, applicationId: row.applicationId, roleId: row.roleId },
    assigned: new Set(row.assignedCriterionIds),
    scaleLevels: row.scaleLabels.length,
    roleCriterionIds: new Set(row.roleCriterionIds),
  };
}

function checkOrThrow(ratings: RatingInput[], ctx: Awaited<ReturnType<typeof authoringContext>>, requireEvidence: boolean) {
  const { rows, errors } = checkRatings(ratings, { ...ctx, assignedCriterionIds: ctx.assigned, requireEvidence });
  if (errors.length) {
    const missingEvidence = errors.filter((e) => e.path.endsWith('.evidence')).length;
    const detail = missingEvidence
      ? `${missingEvidence} rating(s) have no evidence: say what the candidate said or did for each rated criterion.`
      : 'Some ratings do not fit this role.';
    throw unprocessable(detail, { errors });
  }
  return rows;
}

/** Focus as it stands at submission or amendment: assigned criteria, and those rated with evidence. */
function focus(ratings: Pick<CheckedRating, 'rating' | 'evidence' | 'offAssignment'>[], assigned: number) {
  return { assignedCriteria: assigned, assessedCriteria: ratings.filter((r) => !r.offAssignment && r.rating !== null && r.evidence).length };
}

const alreadySubmitted = (card: ScorecardRow) =>
  conflict('This scorecard is submitted and immutable; correct it with an amendment.', {
    scorecardId: card.id,
    amendmentUrl: `/scorecards/${card.id}/amendments`,
  });

/** Writes the body as the author's draft, or as their submission: one upsert, one update. */
async function writeScorecard(tx: Tx, actor: Actor, interviewId: string, body: ScorecardBody, submit: boolean): Promise<ScorecardView> {
  const ctx = await authoringContext(tx, actor, interviewId);
  const rows = checkOrThrow(body.ratings, ctx, submit);
  const { interview } = ctx;
  const { card, created } = await upsertScorecard(tx, { orgId: actor.orgId, interviewId, applicationId: interview.applicationId, roleId: interview.roleId, authorId: actor.userId });
  if (card.status === 'submitted') throw alreadySubmitted(card);
  const ratings = await replaceDraftRatings(tx, actor.orgId, card.id, rows, created);
  const updated = await updateScorecard(tx, card.id, {
    recommendation: body.recommendation ?? null,
    notes: body.notes?.trim() || null,
    ...(submit ? { status: 'submitted' as const, submittedAt: new Date(), ...focus(rows, ctx.assigned.size) } : {}),
  });
  if (submit) await refreshCalibrationRatings(tx, interview.applicationId);
  // Drafts and first submissions have no amendments yet.
  const view = toScorecard(updated, ratings, []);
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: submit ? 'scorecard.submit' : 'scorecard.save_draft', entity: 'scorecard', entityId: card.id, after: auditableScorecard(view) });
  if (submit) await enqueueEvent(tx, 'scorecard.submitted', { orgId: actor.orgId, roleId: interview.roleId, applicationId: interview.applicationId, interviewId, scorecardId: card.id });
  return view;
}

export const saveDraft = (tx: Tx, actor: Actor, interviewId: string, body: ScorecardBody) => writeScorecard(tx, actor, interviewId, body, false);

/** Submits the given body in one step, or else the saved draft. */
export async function submitScorecard(tx: Tx, actor: Actor, interviewId: string, body: ScorecardBody | undefined): Promise<ScorecardView> {
  if (body) return writeScorecard(tx, actor, interviewId, body, true);
  const ctx = await authoringContext(tx, actor, interviewId);
  const existing = await lockScorecardOf(tx, actor.orgId, interviewId, actor.userId);
  if (!existing) throw unprocessable('There is no draft to submit; send the ratings in the body or save a draft first.');
  if (existing.status === 'submitted') throw alreadySubmitted(existing);
  const [draft] = await loadScorecardViews(tx, actor.orgId, [existing]);
  checkOrThrow(draft!.ratings, ctx, true);
  const submitted = await updateScorecard(tx, existing.id, { status: 'submitted', submittedAt: new Date(), ...focus(draft!.ratings, ctx.assigned.size) });
  await refreshCalibrationRatings(tx, existing.applicationId);
  const view = { ...draft!, status: submitted.status, submittedAt: submitted.submittedAt!.toISOString(), updatedAt: submitted.updatedAt.toISOString() };
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'scorecard.submit', entity: 'scorecard', entityId: existing.id, after: auditableScorecard(view) });
  await enqueueEvent(tx, 'scorecard.submitted', { orgId: actor.orgId, roleId: existing.roleId, applicationId: existing.applicationId, interviewId, scorecardId: existing.id });
  return view;
}

/**
 * The common submission — a first one, with its ratings in the body — in one database round trip
 * (the database function scorecard_submit). Undefined, having written nothing, whenever it is
 * anything else or is refused; the caller then takes `submitScorecard`, which says why or writes it.
 */
export async function submitFirstInOneStatement(database: Database, actor: Actor, interviewId: string, body: ScorecardBody): Promise<ScorecardView | undefined> {
  const { rows, errors } = checkRatingsWithoutRole(body.ratings, true);
  if (errors.length) return undefined;
  const at = new Date();
  const recommendation = body.recommendation ?? null;
  const notes = body.notes?.trim() || null;
  const written = await submitInOneStatement(database, {
    orgId: actor.orgId,
    interviewId,
    authorId: actor.userId,
    ratings: rows.map((r) => ({ criterionId: r.criterionId, rating: r.rating, evidence: r.evidence, evidenceChars: r.evidence?.length ?? 0 })),
    recommendation,
    notes,
    notesChars: notes?.length ?? 0,
    ids: { scorecard: newId(), message: newId(), ratings: rows.map(() => newId()) },
    at,
  });
  if (!written) return undefined;
  const ratings = rows.map((r, i) => ({ criterionId: r.criterionId, rating: r.rating, evidence: r.evidence, offAssignment: written.offAssignment[i]! }));
  const time = at.toISOString();
  return {
    id: written.id,
    interviewId,
    applicationId: written.applicationId,
    authorId: actor.userId,
    status: 'submitted',
    recommendation,
    notes,
    submittedAt: time,
    ratings,
    originalRatings: ratings,
    amendments: [],
    createdAt: time,
    updatedAt: time,
  };
}

export async function amendScorecard(tx: Tx, actor: Actor, scorecardId: string, reason: string, ratings: RatingInput[]): Promise<ScorecardView> {
  const card = await lockScorecard(tx, actor.orgId, scorecardId);
  if (!card) throw notFound('scorecard');
  if (card.authorId !== actor.userId) throw await refusal(tx, actor, card.applicationId, 'Only its author amends a scorecard.');
  if (card.status !== 'submitted') throw conflict('This scorecard is still a draft; edit it with PUT /interviews/:interviewId/scorecard.');
  const ctx = await authoringContext(tx, actor, card.interviewId);
  const rows = checkOrThrow(ratings, ctx, true);
  const [before] = await loadScorecardViews(tx, actor.orgId, [card]);
  const amendment = await insertAmendment(tx, { orgId: actor.orgId, scorecardId, authorId: actor.userId, reason });
  await amendRatings(tx, actor.orgId, scorecardId, amendment.id, rows);
  const amended = new Set(rows.map((r) => r.criterionId));
  const current = [...before!.ratings.filter((r) => !amended.has(r.criterionId)), ...rows];
  const updated = await updateScorecard(tx, scorecardId, focus(current, ctx.assigned.size));
  await refreshCalibrationRatings(tx, card.applicationId);
  const [after] = await loadScorecardViews(tx, actor.orgId, [updated]);
  await recordAudit(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'scorecard.amend',
    entity: 'scorecard',
    entityId: scorecardId,
    before: auditableScorecard(before!),
    after: { ...auditableScorecard(after!), amendmentId: amendment.id, reasonChars: reason.length },
  });
  await enqueueEvent(tx, 'scorecard.amended', { orgId: actor.orgId, roleId: card.roleId, applicationId: card.applicationId, interviewId: card.interviewId, scorecardId });
  return after!;
}
