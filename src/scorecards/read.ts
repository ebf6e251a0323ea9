import { concurrently, type Queryable } from '../db/client.js';
import { amendmentsOf, ratingsOf, type ScorecardRow } from './queries.js';
import { toScorecard, type ScorecardView } from './schemas.js';

/** Scorecards with their current and original ratings and their amendments: two queries for any number. */
export async function loadScorecardViews(db: Queryable, orgId: string, cards: ScorecardRow[]): Promise<ScorecardView[]> {
  const ids = cards.map((c) => c.id);
  const [ratings, amendments] = await concurrently(db, [() => ratingsOf(db, orgId, ids), () => amendmentsOf(db, orgId, ids)]);
  return cards.map((c) => toScorecard(c, ratings, amendments));
}
