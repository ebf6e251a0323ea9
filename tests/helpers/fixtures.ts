// Seeds the preconditions of a test directly (an open role with its plan); the behaviour under
// test still goes through HTTP.
import { criteria, criterionMetrics, roles, stepAssignments, stepInterviewers, steps, successMetrics } from '../../src/db/schema.js';
import { createOrg, type TestContext, type TestOrg, type StaffMember } from './app.js';

export const DEFAULT_SCALE = ['strong no', 'no', 'yes', 'strong yes'];
const anchors = (name: string) => DEFAULT_SCALE.map((label, i) => `${name} level ${i + 1} (${label}): observable behaviour`);

export interface SeededRole {
  roleId: string;
  decisionOwner: StaffMember;
  criteria: { discovery: string; prioritization: string; collaboration: string };
  steps: { screen: string; interview: string; workSample: string };
}

/**
 * An open product-manager role: three criteria (discovery is a must-have), three framed steps.
 * Assignments: interview → A {discovery, prioritization}, B {discovery, collaboration};
 * work sample → C {prioritization, collaboration}; screen → A {collaboration}.
 */
export async function seedOpenRole(
  ctx: TestContext,
  org: TestOrg,
  people: { a: StaffMember; b: StaffMember; c: StaffMember; decisionOwner?: StaffMember },
): Promise<SeededRole> {
  const db = ctx.database.db;
  const orgId = org.orgId;
  const decisionOwner = people.decisionOwner ?? (await org.addUser(['interviewer'], 'Decision Owner'));
  const [role] = await db
    .insert(roles)
    .values({ orgId, title: 'Product Manager', level: 'IC3', team: 'Growth', hiringStatement: 'A PM who runs weekly discovery.', decisionOwnerId: decisionOwner.userId, status: 'open', scaleLabels: DEFAULT_SCALE, openedAt: new Date(Date.now() - 86_400_000) })
    .returning();
  const [metric] = await db
    .insert(successMetrics)
    .values({ orgId, roleId: role!.id, name: 'Weekly customer interviews', measurement: 'interviews logged per week', target: '≥ 3 per week', horizonDays: 90 })
    .returning();
  const rows = await db
    .insert(criteria)
    .values([
      { orgId, roleId: role!.id, name: 'Discovery habits', description: 'Talks to customers continuously', anchors: anchors('discovery'), mustHave: true, bar: 3 },
      { orgId, roleId: role!.id, name: 'Prioritization with evidence', description: 'Chooses with data', anchors: anchors('prioritization'), bar: 3 },
      { orgId, roleId: role!.id, name: 'Trio collaboration', description: 'Works with design and engineering', anchors: anchors('collaboration'), bar: 3 },
    ])
    .returning();
  const [discovery, prioritization, collaboration] = rows.map((r) => r.id) as [string, string, string];
  await db.insert(criterionMetrics).values(rows.map((r) => ({ orgId, criterionId: r.id, metricId: metric!.id })));
  const stepRows = await db
    .insert(steps)
    .values([
      { orgId, roleId: role!.id, name: 'Recruiter screen', kind: 'screen', briefing: 'Check motivation and collaboration examples.', position: 1 },
      { orgId, roleId: role!.id, name: 'Discovery interview', kind: 'interview', briefing: 'Ask for a recent discovery cycle, end to end.', position: 2 },
      { orgId, roleId: role!.id, name: 'Work sample', kind: 'work_sample', briefing: 'Prioritize a backlog with the provided data.', position: 3 },
    ])
    .returning();
  const [screen, interview, workSample] = stepRows.map((s) => s.id) as [string, string, string];
  const plan: [string, StaffMember, string[]][] = [
    [screen, people.a, [collaboration]],
    [interview, people.a, [discovery, prioritization]],
    [interview, people.b, [discovery, collaboration]],
    [workSample, people.c, [prioritization, collaboration]],
  ];
  await db.insert(stepInterviewers).values(plan.map(([stepId, who]) => ({ orgId, stepId, interviewerId: who.userId })));
  await db.insert(stepAssignments).values(plan.flatMap(([stepId, who, ids]) => ids.map((criterionId) => ({ orgId, stepId, interviewerId: who.userId, criterionId }))));
  return { roleId: role!.id, decisionOwner, criteria: { discovery, prioritization, collaboration }, steps: { screen, interview, workSample } };
}

export const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** The usual cast: a fresh organization with a recruiter and interviewers a, b, c on an open role. */
export async function openRoleCast(ctx: TestContext) {
  const org = await createOrg(ctx);
  const recruiter = await org.addUser(['recruiter']);
  const [a, b, c] = await Promise.all([org.addUser(['interviewer']), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
  const role = await seedOpenRole(ctx, org, { a, b, c });
  return { org, recruiter, a, b, c, role };
}

/** Through the API: a new candidate applies to the role and the discovery interview is scheduled with these interviewers, ended an hour ago. */
export async function interviewedCandidate(ctx: TestContext, recruiter: StaffMember, role: SeededRole, interviewers: StaffMember[]) {
  const post = async (url: string, payload: object) => (await ctx.app.inject({ method: 'POST', url, headers: recruiter.auth, payload })).json();
  const candidate = await post('/candidates', { name: 'Sam', email: `${Math.random().toString(36).slice(2)}@c.test` });
  const application = await post('/applications', { candidateId: candidate.id, roleId: role.roleId });
  const interview = await post(`/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: interviewers.map((i) => i.userId), startsAt: hoursAgo(3), endsAt: hoursAgo(2) });
  return { candidateId: candidate.id as string, applicationId: application.id as string, interviewId: interview.id as string };
}
