import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { applications, candidates, decisions, interviewInterviewers, interviews, roles, scorecards } from '../db/schema.js';

export interface AwaitingDecision {
  applicationId: string;
  candidateName: string | null;
  roleTitle: string;
  expected: number;
  submitted: number;
}

/**
 * Applications of roles this person owns as decision owner, still active, interviewed, with no
 * decision yet: each with how many of its scorecards are in.
 */
export async function awaitingDecision(db: Queryable, orgId: string, decisionOwnerId: string): Promise<AwaitingDecision[]> {
  const result = await db.execute(sql`
    select a.id as "applicationId", c.name as "candidateName", r.title as "roleTitle",
      (select count(*)::int from ${interviewInterviewers} ii join ${interviews} i on i.id = ii.interview_id where i.application_id = a.id) as "expected",
      (select count(*)::int from ${scorecards} s join ${interviews} i on i.id = s.interview_id where i.application_id = a.id and s.status = 'submitted') as "submitted"
    from ${applications} a
    join ${roles} r on r.id = a.role_id
    join ${candidates} c on c.id = a.candidate_id
    where a.org_id = ${orgId} and r.decision_owner_id = ${decisionOwnerId} and a.status = 'active'
      and exists (select 1 from ${interviews} i where i.application_id = a.id)
      and not exists (select 1 from ${decisions} d where d.application_id = a.id)
    order by a.id
    limit 200`);
  return (result as unknown as { rows: AwaitingDecision[] }).rows;
}
