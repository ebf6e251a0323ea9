// Greenhouse Harvest v3: scorecards and their attribute ratings come in separate files; the
// attribute rows wait in the staging area until their scorecard is read. A bad attribute row is
// skipped alone and its scorecard kept.
import { z } from 'zod';
import { text } from '../../http/schemas.js';
import { htmlToText } from '../html-text.js';
import type { Importer } from '../importer.js';
import { BATCH_SIZE } from '../importer.js';
import { greenhouseRating, greenhouseRecommendation } from '../scales.js';
import { Staging } from '../staging.js';
import type { Position, RatingIn } from '../types.js';
import type { Db } from '../../db/client.js';
import { requiredFiles } from './index.js';
import { cleanText, isoTime, readEndpoint, requireFiles, sourceId } from './common.js';
import { greenhouseApplication, greenhouseCandidate, greenhouseUser } from './greenhouse-shared.js';

const ATTRIBUTE_ROWS = 'scorecard_candidate_attributes';

const job = z.object({ id: sourceId, name: z.string().nullish() });
const attributeName = z.object({ id: sourceId, name: text({ max: 300 }), type: z.string().nullish() });
const attributeRow = z.object({
  scorecard_id: sourceId,
  job_candidate_attribute_id: sourceId,
  candidate_attribute_rating: z.string().nullish().refine((v) => greenhouseRating(v ?? null) !== undefined, 'not a Greenhouse rating (definitely_not, no, mixed, yes, strong_yes, no_decision)'),
  note: z.string().nullish(),
});
const scorecard = z.object({
  id: sourceId,
  application_id: sourceId,
  interview_kit_id: sourceId.nullish(),
  interviewer_id: sourceId.nullish(),
  submitter_id: sourceId.nullish(),
  candidate_rating: z.string().nullish().refine((v) => greenhouseRecommendation(v) !== undefined, 'not a Greenhouse candidate rating'),
  status: z.enum(['draft', 'complete']),
  interviewed_at: isoTime.nullish(),
  submitted_at: isoTime.nullish(),
  notes: z.string().nullish(),
  private_notes: z.string().nullish(),
  public_notes: z.string().nullish(),
});
type Scorecard = z.output<typeof scorecard>;

export async function importGreenhouseV3(imp: Importer, dir: string, db: Db) {
  requireFiles(dir, requiredFiles['greenhouse-harvest-v3']);
  await readEndpoint(imp, dir, 'users', greenhouseUser, async (u) => void (await imp.user(u)));
  await readEndpoint(imp, dir, 'jobs', job, async (j) => void (await imp.role({ externalId: j.id, title: cleanText(j.name)?.slice(0, 300) ?? `Greenhouse job ${j.id}` })));
  await readEndpoint(imp, dir, 'candidates', greenhouseCandidate, (c, at) => imp.candidate({ ...c, ...at }));
  await imp.flush();
  await readEndpoint(imp, dir, 'applications', greenhouseApplication, async (a, at) => {
    if (!a.job) return imp.skip(at, 'job_id: the application names no job');
    await imp.application({ ...at, externalId: a.id, role: a.job, candidate: { externalId: a.candidateId }, status: a.status });
  });
  await imp.flush();

  // Attribute names are few (per job); rows are many and wait in the database.
  const attributes = new Map<string, { name: string; type: string | null }>();
  await readEndpoint(imp, dir, 'job_candidate_attributes', attributeName, (a) => void attributes.set(a.id, { name: a.name, type: cleanText(a.type) }));
  const staging = new Staging(db, imp.importId);
  let rowsFile = `${ATTRIBUTE_ROWS}.json`;
  await readEndpoint(imp, dir, ATTRIBUTE_ROWS, attributeRow, async (row, at) => {
    rowsFile = at.file;
    if (!attributes.has(row.job_candidate_attribute_id)) return imp.skip(at, `job_candidate_attribute_id: attribute ${row.job_candidate_attribute_id} is not in job_candidate_attributes`);
    await staging.add(row.scorecard_id, at.index, row);
  });
  await staging.flush();

  let pending: { card: Scorecard; at: Position }[] = [];
  const drain = async () => {
    const batch = pending;
    pending = [];
    const rows = await staging.take(batch.map((b) => b.card.id));
    const byCard = new Map<string, z.output<typeof attributeRow>[]>();
    for (const r of rows) byCard.set(r.key, [...(byCard.get(r.key) ?? []), r.payload as z.output<typeof attributeRow>]);
    for (const { card, at } of batch) {
      if (card.status === 'draft') continue;
      await imp.scorecard(toScorecard(card, at, byCard.get(card.id) ?? [], attributes));
    }
  };
  await readEndpoint(imp, dir, 'scorecards', scorecard, async (card, at) => {
    if (card.status === 'draft' || !card.submitted_at) imp.draft();
    const interviewer = card.interviewer_id ?? card.submitter_id;
    if (card.status === 'complete' && card.submitted_at && !interviewer) {
      imp.skip(at, 'interviewer_id: the scorecard names no interviewer');
      pending.push({ card: { ...card, status: 'draft' }, at });
    } else pending.push({ card: card.submitted_at ? card : { ...card, status: 'draft' }, at });
    if (pending.length >= BATCH_SIZE) await drain();
  });
  await drain();
  for await (const row of staging.leftovers()) {
    imp.skip({ file: rowsFile, index: row.position }, `scorecard_id: scorecard ${row.key} is not among the scorecards`);
  }
}

function toScorecard(card: Scorecard, at: Position, rows: z.output<typeof attributeRow>[], attributes: Map<string, { name: string; type: string | null }>) {
  const ratings: RatingIn[] = rows.map((r) => {
    const attribute = attributes.get(r.job_candidate_attribute_id)!;
    return { criterion: attribute.name, description: attribute.type, rating: greenhouseRating(r.candidate_attribute_rating ?? null) ?? null, evidence: htmlToText(r.note) };
  });
  const notes = [card.notes, card.public_notes, card.private_notes].map(htmlToText).filter(Boolean).join('\n\n') || null;
  const kit = card.interview_kit_id;
  return {
    ...at,
    externalId: card.id,
    applicationExternalId: card.application_id,
    interviewer: { externalId: (card.interviewer_id ?? card.submitter_id)! },
    step: kit ? { key: `kit-${kit}`, name: `Interview kit ${kit}` } : { key: 'interview', name: 'Interview' },
    interviewedAt: card.interviewed_at ?? null,
    submittedAt: card.submitted_at!,
    recommendation: greenhouseRecommendation(card.candidate_rating) ?? null,
    notes,
    ratings,
  };
}
