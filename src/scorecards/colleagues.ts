// Reading an application's submitted scorecards: the API route and the application page share
// this rule, and both record the read so the synthesis can judge independence.
import { applicationFor } from '../applications/access.js';
import type { Db } from '../db/client.js';
import { forbidden } from '../errors.js';
import type { StaffContext } from '../plugins/auth.js';
import { recordScorecardView, scorecardsOfApplication } from './queries.js';
import { loadScorecardViews } from './read.js';

/** Recruiters and the decision owner always; an interviewer only after submitting their own. */
export async function readApplicationScorecards(db: Db, staff: StaffContext, applicationId: string) {
  const { orgId, userId } = staff;
  const { application, relations } = await applicationFor(db, staff, applicationId, ['recruiter', 'decisionOwner', 'interviewer']);
  const cards = await scorecardsOfApplication(db, orgId, application.id);
  const seesAll = relations.has('recruiter') || relations.has('decisionOwner');
  if (!seesAll && !cards.some((c) => c.authorId === userId && c.status === 'submitted')) {
    throw forbidden('Submit your own scorecard for this application first: reading others’ before then would make your evidence less independent.');
  }
  await recordScorecardView(db, orgId, application.id, userId);
  const submitted = cards.filter((c) => c.status === 'submitted');
  return loadScorecardViews(db, orgId, submitted);
}

/** Whether this person has submitted a scorecard on the application (without recording a read). */
export async function hasSubmittedOwn(db: Db, orgId: string, applicationId: string, userId: string) {
  const cards = await scorecardsOfApplication(db, orgId, applicationId);
  return cards.some((c) => c.authorId === userId && c.status === 'submitted');
}
