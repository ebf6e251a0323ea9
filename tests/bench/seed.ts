// Bulk seeding for benchmarks with set-based SQL: an open role whose interviewers are assigned
// every criterion, and many applications with interviews.
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { criteria, criterionMetrics, roles, stepAssignments, stepInterviewers, steps, successMetrics } from '../../src/db/schema.js';
import { createOrganization, insertUser } from '../../src/users/queries.js';

const SCALE = ['strong no', 'no', 'yes', 'strong yes'];

export interface BenchRole {
  orgId: string;
  roleId: string;
  stepId: string;
  criterionIds: string[];
  interviewers: { id: string; sub: string }[];
}

export async function seedBenchRole(db: Db, opts: { interviewers: number; criteria: number; name: string }): Promise<BenchRole> {
  const org = await createOrganization(db, opts.name);
  const interviewers = [];
  for (let i = 0; i < opts.interviewers; i++) {
    const sub = `bench-interviewer-${i}`;
    const user = await insertUser(db, { orgId: org.id, sub, email: `${sub}@bench.test`, name: sub, permissions: ['interviewer'] });
    interviewers.push({ id: user.id, sub });
  }
  const [role] = await db
    .insert(roles)
    .values({ orgId: org.id, title: `${opts.name} role`, status: 'open', scaleLabels: SCALE, decisionOwnerId: interviewers[0]!.id, openedAt: new Date(Date.now() - 30 * 86_400_000) })
    .returning();
  const [metric] = await db.insert(successMetrics).values({ orgId: org.id, roleId: role!.id, name: 'metric', measurement: 'm', target: 't', horizonDays: 90 }).returning();
  const crit = await db
    .insert(criteria)
    .values(Array.from({ length: opts.criteria }, (_, i) => ({ orgId: org.id, roleId: role!.id, name: `criterion ${i}`, description: 'd', anchors: SCALE, bar: 3, mustHave: i === 0 })))
    .returning();
  await db.insert(criterionMetrics).values(crit.map((c) => ({ orgId: org.id, criterionId: c.id, metricId: metric!.id })));
  const [step] = await db.insert(steps).values({ orgId: org.id, roleId: role!.id, name: 'Interview', kind: 'interview', briefing: 'Ask for recent examples.', position: 1 }).returning();
  await db.insert(stepInterviewers).values(interviewers.map((i) => ({ orgId: org.id, stepId: step!.id, interviewerId: i.id })));
  await db.insert(stepAssignments).values(interviewers.flatMap((i) => crit.map((c) => ({ orgId: org.id, stepId: step!.id, interviewerId: i.id, criterionId: c.id }))));
  return { orgId: org.id, roleId: role!.id, stepId: step!.id, criterionIds: crit.map((c) => c.id), interviewers };
}

/** `applications` applications, each with `interviewsEach` interviews on the step with every interviewer. */
export async function seedInterviews(db: Db, role: BenchRole, applications: number, interviewsEach: number) {
  const assigned = sql.raw(`array[${role.criterionIds.map((id) => `'${id}'`).join(',')}]::uuid[]`);
  await db.execute(sql`
    insert into candidates (id, org_id, name, email)
    select gen_random_uuid(), ${role.orgId}, 'Bench candidate ' || g, 'bench' || g || '@bench.test' from generate_series(1, ${applications}) g`);
  await db.execute(sql`
    insert into applications (id, org_id, candidate_id, role_id, current_step_id, created_at)
    select gen_random_uuid(), ${role.orgId}, c.id, ${role.roleId}, ${role.stepId}, now() - interval '20 days'
    from candidates c where c.org_id = ${role.orgId}`);
  await db.execute(sql`
    insert into interviews (id, org_id, application_id, role_id, step_id, starts_at, ends_at)
    select gen_random_uuid(), ${role.orgId}, a.id, ${role.roleId}, ${role.stepId}, now() - interval '10 days', now() - interval '10 days' + interval '1 hour'
    from applications a cross join generate_series(1, ${interviewsEach}) g where a.org_id = ${role.orgId}`);
  await db.execute(sql`
    insert into interview_interviewers (org_id, interview_id, interviewer_id, assigned_criterion_ids)
    select ${role.orgId}, i.id, u.id, ${assigned}
    from interviews i join users u on u.org_id = i.org_id where i.org_id = ${role.orgId}`);
  // Statistics as a live database has them, so the planner does not take the bulk-loaded tables for empty.
  await db.execute(sql`analyze`);
}
