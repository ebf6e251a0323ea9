// Imported scorecards: each becomes one interview (its step, its interviewer) and one submitted
// scorecard with its ratings, written a batch at a time in one transaction. A changed scorecard
// is rewritten in place (imported scorecards have no amendments: the source is the record).
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { anyOf } from '../db/arrays.js';
import { newId } from '../db/ids.js';
import { insertUnnest, uuidListsAsText } from './bulk.js';
import { EVIDENCE_MAX_CHARS } from '../scorecards/schemas.js';
import { applications, candidates, interviewInterviewers, interviews, scorecardRatings, scorecards } from '../db/schema.js';
import type { Dimensions } from './dimensions.js';
import { findLinks, fingerprint, saveLinks, type LinkScope } from './links.js';
import type { Tally } from './tally.js';
import type { ScorecardIn } from './types.js';

/** Evidence and notes are held to the same length as those written here natively. */
const clip = (text: string | null) => (text && text.length > EVIDENCE_MAX_CHARS ? `${text.slice(0, EVIDENCE_MAX_CHARS - 1)}…` : text);

export interface ResolvedScorecard {
  card: ScorecardIn;
  applicationId: string;
  roleId: string;
  authorId: string;
  stepId: string;
  ratings: { criterionId: string; rating: number | null; evidence: string | null }[];
  print: string;
  /** The candidate was erased here: their scorecards' free text must not come back. */
  erased: boolean;
}

/**
 * What each scorecard of the batch points at: its application and role, its interviewer, step and
 * criteria (created when new); records that cannot be placed are skipped. It reads committed rows
 * and writes only those dimensions, so it can run while the batch before it is being written.
 */
export async function resolveScorecards(db: Db, dims: Dimensions, scope: LinkScope, tally: Tally, batch: ScorecardIn[]): Promise<ResolvedScorecard[]> {
  const appLinks = await findLinks(db, scope, 'application', batch.map((c) => c.applicationExternalId));
  const appRows = appLinks.size
    ? await db
        .select({ id: applications.id, roleId: applications.roleId, erasedAt: candidates.erasedAt })
        .from(applications)
        .innerJoin(candidates, eq(candidates.id, applications.candidateId))
        .where(anyOf(applications.id, [...appLinks.values()].map((l) => l.targetId), 'uuid'))
    : [];
  const roleOf = new Map(appRows.map((r) => [r.id, r.roleId]));
  const erased = new Set(appRows.filter((r) => r.erasedAt).map((r) => r.id));
  await dims.usersOf(batch.map((c) => c.interviewer));
  const resolved: ResolvedScorecard[] = [];
  const seen = new Set<string>();
  for (const card of batch) {
    const applicationId = appLinks.get(card.applicationExternalId)?.targetId;
    const roleId = applicationId && roleOf.get(applicationId);
    if (!applicationId || !roleId) {
      tally.skip(card, `application ${card.applicationExternalId} is not among the imported applications`);
      continue;
    }
    if (seen.has(card.externalId)) {
      tally.skip(card, `scorecard ${card.externalId} appears twice in this file`);
      continue;
    }
    seen.add(card.externalId);
    const role = await dims.roleById(roleId);
    const tooHigh = card.ratings.find((r) => r.rating !== null && r.rating > role.levels);
    if (tooHigh) {
      tally.skip(card, `a rating is above the ${role.levels} levels of the role's scale`);
      continue;
    }
    const authorId = await dims.user(card.interviewer);
    const stepId = await dims.step(roleId, card.step);
    const ratings = [];
    const rated = new Set<string>();
    for (const r of card.ratings) {
      const criterionId = await dims.criterion(roleId, role.levels, r.criterion, r.description);
      // One rating per criterion per scorecard: a repeated attribute keeps its first rating.
      if (rated.has(criterionId)) continue;
      rated.add(criterionId);
      ratings.push({ criterionId, rating: r.rating, evidence: clip(r.evidence) });
    }
    const notes = clip(card.notes);
    const print = fingerprint([applicationId, authorId, stepId, card.interviewedAt, card.submittedAt, card.recommendation, notes, ratings]);
    resolved.push({ card: { ...card, notes }, applicationId, roleId, authorId, stepId, ratings, print, erased: erased.has(applicationId) });
  }
  return resolved;
}

/**
 * Writes resolved scorecards in one transaction; a batch the database refuses is written a record
 * at a time, so the others still land. What was written is counted, and its applications handed
 * to the calibration refresh (`touched`), only once it has committed: a refresh running beside the
 * writes reads committed scorecards only, and would otherwise miss the batch for good.
 */
export async function writeScorecards(db: Db, scope: LinkScope, tally: Tally, resolved: ResolvedScorecard[], touched: Map<string, string>) {
  if (resolved.length === 0) return;
  const commit = async (part: ResolvedScorecard[]) => {
    const written = await db.transaction((tx) => writeResolved(tx, scope, part));
    tally.create('interviews', written.created);
    tally.create('scorecards', written.created);
    tally.update('scorecards', written.updated);
    for (const r of written.erased) tally.skip(r.card, 'the candidate of this application was erased; their scorecards are not imported again');
    for (const [applicationId, roleId] of written.applications) touched.set(applicationId, roleId);
  };
  try {
    await commit(resolved);
  } catch {
    if (resolved.length === 1) {
      tally.skip(resolved[0]!.card, 'the scorecard could not be stored');
      return;
    }
    // Find the record the database refused by writing one at a time; the others still land.
    for (const one of resolved) {
      try {
        await commit([one]);
      } catch {
        tally.skip(one.card, 'the scorecard could not be stored');
      }
    }
  }
}

interface Written {
  created: number;
  updated: number;
  /** Scorecards of erased candidates, not written. */
  erased: ResolvedScorecard[];
  /** Every application whose scorecards changed, with its role. */
  applications: [string, string][];
}

async function writeResolved(tx: Tx, scope: LinkScope, batch: ResolvedScorecard[]): Promise<Written> {
  const links = await findLinks(tx, scope, 'scorecard', batch.map((r) => r.card.externalId));
  const newInterviews: { id: string; applicationId: string; roleId: string; stepId: string; startsAt: Date; endsAt: Date; createdAt: Date }[] = [];
  const newPanel: { interviewId: string; interviewerId: string; assignedCriterionIds: string[] }[] = [];
  const newCards: { id: string; interviewId: string; applicationId: string; roleId: string; authorId: string; recommendation: string | null; notes: string | null; submittedAt: Date; assignedCriteria: number; assessedCriteria: number }[] = [];
  const newRatings: { scorecardId: string; criterionId: string; rating: number | null; evidence: string | null; createdAt: Date }[] = [];
  const newLinks: Parameters<typeof saveLinks>[2] = [];
  const apps: [string, string][] = [];
  let created = 0;
  let updated = 0;
  const skipped: ResolvedScorecard[] = [];
  for (const r of batch) {
    const link = links.get(r.card.externalId);
    if (link?.fingerprint === r.print) continue;
    if (r.erased) {
      skipped.push(r);
      continue;
    }
    const at = r.card.interviewedAt ?? r.card.submittedAt;
    // History dates from the source, not from the import: an interview "recorded" today would sit in
    // the reminder scan's window of recent interviews for months.
    const interview = { orgId: scope.orgId, applicationId: r.applicationId, roleId: r.roleId, stepId: r.stepId, startsAt: at, endsAt: at, createdAt: at };
    const rated = r.ratings.filter((x) => x.rating !== null && x.evidence).length;
    const card = { orgId: scope.orgId, applicationId: r.applicationId, roleId: r.roleId, authorId: r.authorId, status: 'submitted' as const, recommendation: r.card.recommendation, notes: r.card.notes, submittedAt: r.card.submittedAt, assignedCriteria: r.ratings.length, assessedCriteria: rated };
    let scorecardId: string;
    let interviewId: string;
    if (link) {
      scorecardId = link.targetId;
      const [old] = await tx.select({ interviewId: scorecards.interviewId, applicationId: scorecards.applicationId, roleId: scorecards.roleId }).from(scorecards).where(eq(scorecards.id, scorecardId));
      if (!old) throw new Error('linked scorecard is gone');
      interviewId = old.interviewId;
      apps.push([old.applicationId, old.roleId]);
      await tx.update(interviews).set(interview).where(eq(interviews.id, interviewId));
      await tx.delete(interviewInterviewers).where(eq(interviewInterviewers.interviewId, interviewId));
      await tx.delete(scorecardRatings).where(eq(scorecardRatings.scorecardId, scorecardId));
      await tx.update(scorecards).set({ ...card, interviewId, updatedAt: new Date() }).where(eq(scorecards.id, scorecardId));
      updated++;
    } else {
      scorecardId = newId();
      interviewId = newId();
      newInterviews.push({ id: interviewId, ...interview });
      newCards.push({ id: scorecardId, interviewId, applicationId: r.applicationId, roleId: r.roleId, authorId: r.authorId, recommendation: r.card.recommendation, notes: r.card.notes, submittedAt: r.card.submittedAt, assignedCriteria: card.assignedCriteria, assessedCriteria: card.assessedCriteria });
      created++;
    }
    apps.push([r.applicationId, r.roleId]);
    // The interview snapshot assigns the criteria on the scorecard, so one left unrated shows as such.
    newPanel.push({ interviewId, interviewerId: r.authorId, assignedCriterionIds: r.ratings.map((x) => x.criterionId) });
    // Ratings carry the source's submission time, so "latest rating" means what it meant there.
    for (const x of r.ratings) newRatings.push({ scorecardId, criterionId: x.criterionId, rating: x.rating, evidence: x.evidence, createdAt: r.card.submittedAt });
    // The interview is the scorecard's (scorecards.interview_id): one link per source record is enough.
    newLinks.push({ kind: 'scorecard', externalId: r.card.externalId, targetId: scorecardId, fingerprint: r.print });
  }
  await insertUnnest(tx, 'interviews', [
    ['id', 'uuid', newInterviews.map((i) => i.id)],
    ['org_id', 'uuid', newInterviews.map(() => scope.orgId)],
    ['application_id', 'uuid', newInterviews.map((i) => i.applicationId)],
    ['role_id', 'uuid', newInterviews.map((i) => i.roleId)],
    ['step_id', 'uuid', newInterviews.map((i) => i.stepId)],
    ['starts_at', 'timestamptz', newInterviews.map((i) => i.startsAt.toISOString())],
    ['ends_at', 'timestamptz', newInterviews.map((i) => i.endsAt.toISOString())],
    ['created_at', 'timestamptz', newInterviews.map((i) => i.createdAt.toISOString())],
  ]);
  await insertUnnest(tx, 'interview_interviewers', [
    ['org_id', 'uuid', newPanel.map(() => scope.orgId)],
    ['interview_id', 'uuid', newPanel.map((p) => p.interviewId)],
    ['interviewer_id', 'uuid', newPanel.map((p) => p.interviewerId)],
    ['assigned_criterion_ids', 'text', uuidListsAsText(newPanel.map((p) => p.assignedCriterionIds)), 'uuid[]'],
  ]);
  await insertUnnest(tx, 'scorecards', [
    ['id', 'uuid', newCards.map((c) => c.id)],
    ['org_id', 'uuid', newCards.map(() => scope.orgId)],
    ['interview_id', 'uuid', newCards.map((c) => c.interviewId)],
    ['application_id', 'uuid', newCards.map((c) => c.applicationId)],
    ['role_id', 'uuid', newCards.map((c) => c.roleId)],
    ['author_id', 'uuid', newCards.map((c) => c.authorId)],
    ['status', 'text', newCards.map(() => 'submitted')],
    ['recommendation', 'text', newCards.map((c) => c.recommendation)],
    ['notes', 'text', newCards.map((c) => c.notes)],
    ['submitted_at', 'timestamptz', newCards.map((c) => c.submittedAt.toISOString())],
    ['assigned_criteria', 'int', newCards.map((c) => c.assignedCriteria)],
    ['assessed_criteria', 'int', newCards.map((c) => c.assessedCriteria)],
  ]);
  await insertUnnest(tx, 'scorecard_ratings', [
    ['id', 'uuid', newRatings.map(() => newId())],
    ['org_id', 'uuid', newRatings.map(() => scope.orgId)],
    ['scorecard_id', 'uuid', newRatings.map((r) => r.scorecardId)],
    ['criterion_id', 'uuid', newRatings.map((r) => r.criterionId)],
    ['rating', 'int', newRatings.map((r) => r.rating)],
    ['evidence', 'text', newRatings.map((r) => r.evidence)],
    ['created_at', 'timestamptz', newRatings.map((r) => r.createdAt.toISOString())],
  ]);
  await saveLinks(tx, scope, newLinks);
  return { created, updated, erased: skipped, applications: apps };
}
