// Scorecard rules: one per interviewer per interview; drafts editable; a submission immutable;
// corrections as append-only amendments; independence recorded as views.
import type { Queryable, Tx } from '../db/client.js';
import { recordAudit } from '../audit/record.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { findApplication, findInterview, interviewersOf } from '../applications/queries.js';
import { findRole, listCriteria } from '../roles/read.js';
import { checkRatings, type RatingInput } from './validate.js';
import {
  amendRatings,
  amendmentsOf,
  insertAmendment,
  insertScorecard,
  lockScorecard,
  lockScorecardOf,
  ratingsOf,
  replaceDraftRatings,
  updateScorecard,
  type ScorecardRow,
} from './queries.js';
import { auditableScorecard, toScorecard, type ScorecardBody, type ScorecardView } from './schemas.js';

interface Actor {
  orgId: string;
  userId: string;
}

export async function loadScorecardViews(db: Queryable, orgId: string, cards: ScorecardRow[]): Promise<ScorecardView[]> {
  const ids = cards.map((c) => c.id);
  const [ratings, amendments] = await Promise.all([ratingsOf(db, orgId, ids), amendmentsOf(db, orgId, ids)]);
  return cards.map((c) => toScorecard(c, ratings, amendments));
}

/** The context a scorecard is written in: its interview, role and the author's assignment. */
async function authoringContext(tx: Tx, actor: Actor, interviewId: string) {
  const interview = await findInterview(tx, actor.orgId, interviewId);
  if (!interview) throw notFound('interview');
  const me = (await interviewersOf(tx, actor.orgId, [interviewId])).find((i) => i.interviewerId === actor.userId);
  // Not on this interview: answered like a missing one, so interview ids do not leak.
  if (!me) throw notFound('interview');
  const application = (await findApplication(tx, actor.orgId, interview.applicationId))!;
  if (application.status !== 'active') {
    throw conflict(`The application is ${application.status}; scorecards can no longer be written for it.`);
  }
  const role = (await findRole(tx, actor.orgId, interview.roleId))!;
  const criteria = await listCriteria(tx, actor.orgId, role.id);
  return { interview, assigned: new Set(me.assignedCriterionIds), scaleLevels: role.scaleLabels.length, roleCriterionIds: new Set(criteria.map((c) => c.id)) };
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

const alreadySubmitted = (card: ScorecardRow) =>
  conflict('This scorecard is submitted and immutable; correct it with an amendment.', {
    scorecardId: card.id,
    amendmentUrl: `/scorecards/${card.id}/amendments`,
  });

async function lockOrCreate(tx: Tx, actor: Actor, interview: { id: string; applicationId: string; roleId: string }) {
  const existing = await lockScorecardOf(tx, actor.orgId, interview.id, actor.userId);
  if (existing) return { card: existing, created: false };
  const created = await insertScorecard(tx, { orgId: actor.orgId, interviewId: interview.id, applicationId: interview.applicationId, roleId: interview.roleId, authorId: actor.userId });
  if (created) return { card: created, created: true };
  // A concurrent request created it between our read and insert.
  return { card: (await lockScorecardOf(tx, actor.orgId, interview.id, actor.userId))!, created: false };
}

async function writeDraft(tx: Tx, actor: Actor, interviewId: string, body: ScorecardBody, requireEvidence: boolean) {
  const ctx = await authoringContext(tx, actor, interviewId);
  const rows = checkOrThrow(body.ratings, ctx, requireEvidence);
  const { card } = await lockOrCreate(tx, actor, ctx.interview);
  if (card.status === 'submitted') throw alreadySubmitted(card);
  await replaceDraftRatings(tx, actor.orgId, card.id, rows);
  const updated = await updateScorecard(tx, card.id, { recommendation: body.recommendation ?? null, notes: body.notes?.trim() || null });
  return { card: updated, ctx };
}

export async function saveDraft(tx: Tx, actor: Actor, interviewId: string, body: ScorecardBody): Promise<ScorecardView> {
  const { card } = await writeDraft(tx, actor, interviewId, body, false);
  const [view] = await loadScorecardViews(tx, actor.orgId, [card]);
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'scorecard.save_draft', entity: 'scorecard', entityId: card.id, after: auditableScorecard(view!) });
  return view!;
}

/** Submits the saved draft, or the given body in one step. */
export async function submitScorecard(tx: Tx, actor: Actor, interviewId: string, body: ScorecardBody | undefined): Promise<ScorecardView> {
  let card: ScorecardRow;
  if (body) {
    card = (await writeDraft(tx, actor, interviewId, body, true)).card;
  } else {
    const ctx = await authoringContext(tx, actor, interviewId);
    const existing = await lockScorecardOf(tx, actor.orgId, interviewId, actor.userId);
    if (!existing) throw unprocessable('There is no draft to submit; send the ratings in the body or save a draft first.');
    if (existing.status === 'submitted') throw alreadySubmitted(existing);
    const [draft] = await loadScorecardViews(tx, actor.orgId, [existing]);
    checkOrThrow(draft!.ratings, ctx, true);
    card = existing;
  }
  const submitted = await updateScorecard(tx, card.id, { status: 'submitted', submittedAt: new Date() });
  const [view] = await loadScorecardViews(tx, actor.orgId, [submitted]);
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'scorecard.submit', entity: 'scorecard', entityId: card.id, after: auditableScorecard(view!) });
  return view!;
}

export async function amendScorecard(tx: Tx, actor: Actor, scorecardId: string, reason: string, ratings: RatingInput[]): Promise<ScorecardView> {
  const card = await lockScorecard(tx, actor.orgId, scorecardId);
  if (!card || card.authorId !== actor.userId) throw notFound('scorecard');
  if (card.status !== 'submitted') throw conflict('This scorecard is still a draft; edit it with PUT /interviews/:interviewId/scorecard.');
  const ctx = await authoringContext(tx, actor, card.interviewId);
  const rows = checkOrThrow(ratings, ctx, true);
  const [before] = await loadScorecardViews(tx, actor.orgId, [card]);
  const amendment = await insertAmendment(tx, { orgId: actor.orgId, scorecardId, authorId: actor.userId, reason });
  await amendRatings(tx, actor.orgId, scorecardId, amendment.id, rows);
  const updated = await updateScorecard(tx, scorecardId, {});
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
  return after!;
}
