// The cast of the authorization matrix: one organization with every kind of actor around one
// application, and a second organization with the same cast, which must never reach the first.
import { listSuccessMetrics } from '../../src/roles/read.js';
import { seedWebhookDelivery } from '../webhooks/seed.js';
import { createOrg, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { hoursAgo, seedOpenRole, type SeededRole } from '../helpers/fixtures.js';
import { startImport } from '../../src/imports/run.js';

export const actorNames = [
  'admin',
  'recruiter',
  'assignedInterviewer',
  'unassignedInterviewer',
  'decisionOwner',
  'otherDecisionOwner',
  'compliance',
  'otherOrgAdmin',
  'otherOrgRecruiter',
  'otherOrgInterviewer',
  'candidate',
  'noToken',
] as const;
export type ActorName = (typeof actorNames)[number];

export interface Scenario {
  org: TestOrg;
  otherOrgId: string;
  role: SeededRole;
  otherRole: SeededRole;
  candidateId: string;
  applicationId: string;
  interviewId: string;
  scorecardId: string;
  exerciseId: string;
  exerciseItemId: string;
  metricId: string;
  linkId: string;
  /** A personal API key of the recruiter. */
  apiKeyId: string;
  importId: string;
  webhookId: string;
  deliveryId: string;
  actors: Record<ActorName, StaffMember | null>;
}

/** Builds a fresh scenario: mutating routes get their own, so one actor's write cannot hide another's outcome. */
export async function buildScenario(ctx: TestContext): Promise<Scenario> {
  const org = await createOrg(ctx, 'Matrix org');
  const recruiter = await org.addUser(['recruiter']);
  const [a, b, c, unassigned] = await Promise.all([org.addUser(['interviewer']), org.addUser(['interviewer']), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
  const compliance = await org.addUser(['compliance']);
  const role = await seedOpenRole(ctx, org, { a, b, c });
  const otherRole = await seedOpenRole(ctx, org, { a: b, b: c, c: b });
  const other = await createOrg(ctx, 'Matrix other org');
  const [otherRecruiter, otherInterviewer] = await Promise.all([other.addUser(['recruiter']), other.addUser(['interviewer'])]);

  const post = (who: StaffMember, url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, payload });
  const candidate = (await post(recruiter, '/candidates', { name: 'Matrix Candidate', email: `${Math.random().toString(36).slice(2)}@m.test` })).json();
  const application = (await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json();
  const interview = (await post(recruiter, `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
  const card = (
    await post(a, `/interviews/${interview.id}/scorecard/submit`, {
      ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: 'Ran weekly customer interviews.' }],
      recommendation: 'yes',
    })
  ).json();
  const exercise = (
    await post(recruiter, '/calibration/exercises', { title: 'Matrix exercise', roleId: role.roleId, interviewerIds: [a.userId], items: [{ criterionId: role.criteria.discovery, evidence: 'Sample.', referenceRating: 3 }] })
  ).json();
  const [metric] = await listSuccessMetrics(ctx.database.db, org.orgId, role.roleId);
  const link = (await post(recruiter, `/applications/${application.id}/candidate-link`, {})).json();
  // The candidate holds a link token, not a staff token: it must open candidate routes only.
  const candidateActor: StaffMember = { userId: candidate.id, sub: candidate.id, token: link.token, auth: { authorization: `Bearer ${link.token}` } };
  const apiKey = (await post(recruiter, '/me/api-keys', { name: 'Recruiter key' })).json();
  const importRecord = await startImport(ctx.database.db, { orgId: org.orgId, source: 'lever', actorId: org.admin.userId });
  const { webhookId, deliveryId } = await seedWebhookDelivery(ctx, org.orgId, role.roleId);
  return {
    org,
    otherOrgId: other.orgId,
    apiKeyId: apiKey.apiKey.id,
    importId: importRecord.id,
    webhookId,
    deliveryId,
    exerciseId: exercise.id,
    exerciseItemId: exercise.items[0].id,
    metricId: metric!.id,
    linkId: link.linkId,
    role,
    otherRole,
    candidateId: candidate.id,
    applicationId: application.id,
    interviewId: interview.id,
    scorecardId: card.id,
    actors: {
      admin: org.admin,
      recruiter,
      assignedInterviewer: a,
      unassignedInterviewer: unassigned,
      decisionOwner: role.decisionOwner,
      otherDecisionOwner: otherRole.decisionOwner,
      compliance,
      otherOrgAdmin: other.admin,
      otherOrgRecruiter: otherRecruiter,
      otherOrgInterviewer: otherInterviewer,
      candidate: candidateActor,
      noToken: null,
    },
  };
}
