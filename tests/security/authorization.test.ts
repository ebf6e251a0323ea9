// Authorization matrix: every registered route × every actor. The route list comes from the app
// itself, so a new route without an entry here fails the suite until its access rule is stated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { sessionFor } from '../helpers/browser-session.js';
import { hoursAgo } from '../helpers/fixtures.js';
import { actorNames, buildScenario, type ActorName, type Scenario } from './scenario.js';

interface Access {
  /** Builds the request from a scenario. */
  request: (s: Scenario) => { url: string; payload?: object };
  /** Actors that must get through (any status but 401/403/404). Everyone else must be stopped. */
  allowed: ActorName[];
  /** Writes: each actor gets a fresh scenario. */
  mutates?: boolean;
  /** Collections an actor of another organization may call on their own data: they must see none of ours. */
  ownData?: boolean;
}

const anyone: ActorName[] = [...actorNames];
const candidateOnly: ActorName[] = ['candidate'];
const staffOfOrg: ActorName[] = ['admin', 'recruiter', 'assignedInterviewer', 'unassignedInterviewer', 'decisionOwner', 'otherDecisionOwner', 'compliance'];
const otherOrgStaff: ActorName[] = ['otherOrgAdmin', 'otherOrgRecruiter', 'otherOrgInterviewer'];
const recruiters: ActorName[] = ['admin', 'recruiter'];
const owners: ActorName[] = ['admin', 'recruiter', 'decisionOwner'];
// Compliance reads every role's design (never its candidates) and the adverse-impact report.
const roleReaders: ActorName[] = [...owners, 'assignedInterviewer', 'compliance'];

const scorecardBody = (s: Scenario) => ({ ratings: [{ criterionId: s.role.criteria.discovery, rating: 3, evidence: 'Specific example.' }], recommendation: 'yes' });

const matrix: Record<string, Access> = {
  'GET /health': { request: () => ({ url: '/health' }), allowed: anyone },
  'GET /ready': { request: () => ({ url: '/ready' }), allowed: anyone },
  'GET /openapi.json': { request: () => ({ url: '/openapi.json' }), allowed: anyone },
  'GET /me': { request: () => ({ url: '/me' }), allowed: [...staffOfOrg, ...otherOrgStaff], ownData: true },
  'POST /users': {
    request: () => ({ url: '/users', payload: { email: `${Math.random().toString(36).slice(2)}@u.test`, name: 'New', permissions: ['interviewer'] } }),
    allowed: ['admin', 'otherOrgAdmin'],
    mutates: true,
    ownData: true,
  },
  'GET /users': { request: () => ({ url: '/users' }), allowed: [...recruiters, 'otherOrgAdmin', 'otherOrgRecruiter'], ownData: true },
  'PUT /users/:userId/permissions': { request: (s) => ({ url: `/users/${s.actors.unassignedInterviewer!.userId}/permissions`, payload: { permissions: ['interviewer'] } }), allowed: ['admin'], mutates: true },
  'POST /users/:userId/deactivate': { request: (s) => ({ url: `/users/${s.actors.unassignedInterviewer!.userId}/deactivate` }), allowed: ['admin'], mutates: true },
  'POST /me/api-keys': { request: () => ({ url: '/me/api-keys', payload: { name: 'Matrix key' } }), allowed: [...staffOfOrg, ...otherOrgStaff], mutates: true, ownData: true },
  'GET /me/api-keys': { request: () => ({ url: '/me/api-keys' }), allowed: [...staffOfOrg, ...otherOrgStaff], ownData: true },
  'DELETE /me/api-keys/:keyId': { request: (s) => ({ url: `/me/api-keys/${s.apiKeyId}` }), allowed: ['recruiter'], mutates: true },
  'GET /audit': { request: () => ({ url: '/audit' }), allowed: ['admin', 'otherOrgAdmin'], ownData: true },
  'POST /roles': { request: () => ({ url: '/roles', payload: { title: 'Matrix role' } }), allowed: [...recruiters, 'otherOrgAdmin', 'otherOrgRecruiter'], mutates: true, ownData: true },
  'GET /roles': { request: () => ({ url: '/roles' }), allowed: [...staffOfOrg, ...otherOrgStaff], ownData: true },
  'POST /roles/from-rubric': { request: () => ({ url: '/roles/from-rubric', payload: { template: 'designer' } }), allowed: [...recruiters, 'otherOrgAdmin', 'otherOrgRecruiter'], mutates: true, ownData: true },
  'GET /roles/:roleId': { request: (s) => ({ url: `/roles/${s.role.roleId}` }), allowed: roleReaders },
  'PATCH /roles/:roleId': { request: (s) => ({ url: `/roles/${s.role.roleId}`, payload: { team: 'Platform' } }), allowed: recruiters, mutates: true },
  'GET /roles/:roleId/readiness': { request: (s) => ({ url: `/roles/${s.role.roleId}/readiness` }), allowed: recruiters },
  'POST /roles/:roleId/open': { request: (s) => ({ url: `/roles/${s.role.roleId}/open` }), allowed: recruiters, mutates: true },
  'POST /roles/:roleId/close': { request: (s) => ({ url: `/roles/${s.role.roleId}/close` }), allowed: recruiters, mutates: true },
  'POST /roles/:roleId/success-metrics': {
    request: (s) => ({ url: `/roles/${s.role.roleId}/success-metrics`, payload: { name: 'Retention', measurement: 'm', target: 't', horizonDays: 30 } }),
    allowed: recruiters,
    mutates: true,
  },
  'GET /roles/:roleId/success-metrics': { request: (s) => ({ url: `/roles/${s.role.roleId}/success-metrics` }), allowed: roleReaders },
  'PATCH /roles/:roleId/success-metrics/:metricId': { request: (s) => ({ url: `/roles/${s.role.roleId}/success-metrics/${s.metricId}`, payload: { target: 'more' } }), allowed: recruiters, mutates: true },
  'DELETE /roles/:roleId/success-metrics/:metricId': { request: (s) => ({ url: `/roles/${s.role.roleId}/success-metrics/${s.metricId}` }), allowed: recruiters, mutates: true },
  'POST /roles/:roleId/criteria': {
    request: (s) => ({ url: `/roles/${s.role.roleId}/criteria`, payload: { name: 'New criterion', description: 'd', metricIds: [s.metricId], anchors: ['1', '2', '3', '4'] } }),
    allowed: recruiters,
    mutates: true,
  },
  'GET /roles/:roleId/criteria': { request: (s) => ({ url: `/roles/${s.role.roleId}/criteria` }), allowed: roleReaders },
  'PATCH /roles/:roleId/criteria/:criterionId': { request: (s) => ({ url: `/roles/${s.role.roleId}/criteria/${s.role.criteria.collaboration}`, payload: { weight: 2 } }), allowed: recruiters, mutates: true },
  'DELETE /roles/:roleId/criteria/:criterionId': { request: (s) => ({ url: `/roles/${s.role.roleId}/criteria/${s.role.criteria.collaboration}` }), allowed: recruiters, mutates: true },
  'POST /roles/:roleId/steps': { request: (s) => ({ url: `/roles/${s.role.roleId}/steps`, payload: { name: 'Debrief', kind: 'debrief', briefing: 'b' } }), allowed: recruiters, mutates: true },
  'GET /roles/:roleId/steps': { request: (s) => ({ url: `/roles/${s.role.roleId}/steps` }), allowed: roleReaders },
  'PATCH /roles/:roleId/steps/:stepId': { request: (s) => ({ url: `/roles/${s.role.roleId}/steps/${s.role.steps.workSample}`, payload: { briefing: 'New briefing' } }), allowed: recruiters, mutates: true },
  'DELETE /roles/:roleId/steps/:stepId': { request: (s) => ({ url: `/roles/${s.role.roleId}/steps/${s.role.steps.workSample}` }), allowed: recruiters, mutates: true },
  'PUT /roles/:roleId/steps/:stepId/assignments': {
    request: (s) => ({ url: `/roles/${s.role.roleId}/steps/${s.role.steps.workSample}/assignments`, payload: [{ interviewerId: s.actors.assignedInterviewer!.userId, criterionIds: [s.role.criteria.collaboration] }] }),
    allowed: recruiters,
    mutates: true,
  },
  'POST /candidates': {
    request: () => ({ url: '/candidates', payload: { name: 'C', email: `${Math.random().toString(36).slice(2)}@c.test` } }),
    allowed: [...recruiters, 'otherOrgAdmin', 'otherOrgRecruiter'],
    mutates: true,
    ownData: true,
  },
  'GET /candidates': { request: () => ({ url: '/candidates' }), allowed: [...recruiters, 'otherOrgAdmin', 'otherOrgRecruiter'], ownData: true },
  'GET /candidates/:candidateId': { request: (s) => ({ url: `/candidates/${s.candidateId}` }), allowed: recruiters },
  'POST /applications': { request: (s) => ({ url: '/applications', payload: { candidateId: s.candidateId, roleId: s.otherRole.roleId } }), allowed: recruiters, mutates: true },
  'GET /applications': {
    request: () => ({ url: '/applications' }),
    // Everyone on staff may call it; non-recruiters see only the roles they own (compliance: none).
    allowed: [...staffOfOrg, ...otherOrgStaff],
    ownData: true,
  },
  'GET /applications/:applicationId': { request: (s) => ({ url: `/applications/${s.applicationId}` }), allowed: [...owners, 'assignedInterviewer'] },
  'POST /applications/:applicationId/advance': { request: (s) => ({ url: `/applications/${s.applicationId}/advance`, payload: { stepId: s.role.steps.workSample } }), allowed: recruiters, mutates: true },
  'POST /applications/:applicationId/reject': { request: (s) => ({ url: `/applications/${s.applicationId}/reject`, payload: { reason: 'Not this time' } }), allowed: owners, mutates: true },
  'POST /applications/:applicationId/withdraw': { request: (s) => ({ url: `/applications/${s.applicationId}/withdraw`, payload: {} }), allowed: recruiters, mutates: true },
  'POST /applications/:applicationId/interviews': {
    request: (s) => ({ url: `/applications/${s.applicationId}/interviews`, payload: { stepId: s.role.steps.workSample, interviewerIds: [s.role.decisionOwner.userId], startsAt: hoursAgo(2), endsAt: hoursAgo(1) } }),
    allowed: recruiters,
    mutates: true,
  },
  'GET /interviews/mine': { request: () => ({ url: '/interviews/mine' }), allowed: ['admin', 'assignedInterviewer', 'unassignedInterviewer', 'decisionOwner', 'otherDecisionOwner', 'otherOrgAdmin', 'otherOrgInterviewer'], ownData: true },
  'GET /interviews/:interviewId': { request: (s) => ({ url: `/interviews/${s.interviewId}` }), allowed: [...owners, 'assignedInterviewer'] },
  'PUT /interviews/:interviewId/scorecard': {
    // The assigned interviewer has submitted already (409): being let through is what counts here.
    request: (s) => ({ url: `/interviews/${s.interviewId}/scorecard`, payload: scorecardBody(s) }),
    allowed: ['assignedInterviewer'],
    mutates: true,
  },
  'POST /interviews/:interviewId/scorecard/submit': { request: (s) => ({ url: `/interviews/${s.interviewId}/scorecard/submit`, payload: scorecardBody(s) }), allowed: ['assignedInterviewer'], mutates: true },
  'POST /scorecards/:scorecardId/amendments': {
    request: (s) => ({ url: `/scorecards/${s.scorecardId}/amendments`, payload: { reason: 'typo', ratings: [{ criterionId: s.role.criteria.discovery, rating: 2, evidence: 'Corrected.' }] } }),
    allowed: ['assignedInterviewer'],
    mutates: true,
  },
  'GET /applications/:applicationId/scorecards': { request: (s) => ({ url: `/applications/${s.applicationId}/scorecards` }), allowed: [...owners, 'assignedInterviewer'] },
  'GET /applications/:applicationId/synthesis': { request: (s) => ({ url: `/applications/${s.applicationId}/synthesis` }), allowed: owners },
  'POST /applications/:applicationId/decision': {
    request: (s) => ({ url: `/applications/${s.applicationId}/decision`, payload: { decision: 'hire', rationale: 'Evidence on discovery.', criterionIds: [s.role.criteria.discovery], overrideReason: 'Panel incomplete by design in this test.' } }),
    // Recruiters and admins pass the application check but are refused by the decision-owner rule (403).
    allowed: ['decisionOwner'],
    mutates: true,
  },
  'GET /roles/:roleId/calibration': { request: (s) => ({ url: `/roles/${s.role.roleId}/calibration` }), allowed: owners },
  'GET /interviewers/:userId/calibration': { request: (s) => ({ url: `/interviewers/${s.actors.assignedInterviewer!.userId}/calibration` }), allowed: [...recruiters, 'assignedInterviewer'] },
  'GET /analytics/funnel': { request: () => ({ url: '/analytics/funnel' }), allowed: [...recruiters, 'otherOrgAdmin', 'otherOrgRecruiter'], ownData: true },
  'GET /exports/funnel': { request: () => ({ url: '/exports/funnel?format=ndjson' }), allowed: [...recruiters, 'otherOrgAdmin', 'otherOrgRecruiter'], ownData: true },
  'POST /applications/:applicationId/candidate-link': { request: (s) => ({ url: `/applications/${s.applicationId}/candidate-link`, payload: { expiresInDays: 3 } }), allowed: recruiters, mutates: true },
  'DELETE /applications/:applicationId/candidate-link/:linkId': { request: (s) => ({ url: `/applications/${s.applicationId}/candidate-link/${s.linkId}` }), allowed: recruiters, mutates: true },
  'GET /candidate/rubric': { request: () => ({ url: '/candidate/rubric' }), allowed: candidateOnly },
  'GET /candidate/data': { request: () => ({ url: '/candidate/data' }), allowed: candidateOnly },
  'POST /candidate/erasure-request': { request: () => ({ url: '/candidate/erasure-request' }), allowed: candidateOnly, mutates: true },
  'GET /erasure-requests': { request: () => ({ url: '/erasure-requests' }), allowed: ['admin', 'otherOrgAdmin'], ownData: true },
  'POST /candidates/:candidateId/erase': { request: (s) => ({ url: `/candidates/${s.candidateId}/erase` }), allowed: ['admin'], mutates: true },
  'POST /calibration/exercises': {
    request: (s) => ({ url: '/calibration/exercises', payload: { title: 'Cal', roleId: s.role.roleId, interviewerIds: [s.actors.assignedInterviewer!.userId], items: [{ criterionId: s.role.criteria.discovery, evidence: 'e', referenceRating: 3 }] } }),
    allowed: recruiters,
    mutates: true,
  },
  'GET /calibration/exercises/:exerciseId': { request: (s) => ({ url: `/calibration/exercises/${s.exerciseId}` }), allowed: [...recruiters, 'assignedInterviewer'] },
  'POST /calibration/exercises/:exerciseId/responses': {
    request: (s) => ({ url: `/calibration/exercises/${s.exerciseId}/responses`, payload: { ratings: [{ itemId: s.exerciseItemId, rating: 3 }] } }),
    // Admin passes the permission gate and sees the exercise, but is not one of its interviewers: 403.
    allowed: ['assignedInterviewer'],
    mutates: true,
  },
  'GET /fairness/questions': { request: () => ({ url: '/fairness/questions' }), allowed: ['admin', 'compliance', 'otherOrgAdmin'], ownData: true },
  'PUT /fairness/questions': { request: () => ({ url: '/fairness/questions', payload: { questions: [{ label: 'Veteran status', categories: [{ label: 'Protected veteran' }] }] } }), allowed: ['admin', 'otherOrgAdmin'], mutates: true, ownData: true },
  // Another organization's admin names our role: 404, like any role id that is not theirs.
  'GET /analytics/adverse-impact': { request: (s) => ({ url: `/analytics/adverse-impact?roleId=${s.role.roleId}` }), allowed: ['admin', 'compliance'] },
  'GET /candidate/self-identification': { request: () => ({ url: '/candidate/self-identification' }), allowed: candidateOnly },
  'PUT /candidate/self-identification': { request: () => ({ url: '/candidate/self-identification', payload: { answers: [] } }), allowed: candidateOnly, mutates: true },
  'POST /imports': {
    // A JSON body gets as far as the upload check (415): being let through is what counts here.
    request: () => ({ url: '/imports', payload: { source: 'lever' } }),
    allowed: ['admin', 'otherOrgAdmin'],
    mutates: true,
    ownData: true,
  },
  'GET /imports': { request: () => ({ url: '/imports' }), allowed: ['admin', 'otherOrgAdmin'], ownData: true },
  'GET /imports/:importId': { request: (s) => ({ url: `/imports/${s.importId}` }), allowed: ['admin'] },
  'POST /applications/:applicationId/outcomes': {
    request: (s) => ({ url: `/applications/${s.applicationId}/outcomes`, payload: { outcomes: [{ metricId: s.metricId, attainment: 1 }] } }),
    // The scenario's application is not hired: allowed callers get 409, which proves they got through.
    allowed: recruiters,
    mutates: true,
  },
  'GET /organization': { request: () => ({ url: '/organization' }), allowed: ['admin', 'otherOrgAdmin'], ownData: true },
  'PATCH /organization': { request: () => ({ url: '/organization', payload: { settings: { scorecardReminderMax: 4 } } }), allowed: ['admin', 'otherOrgAdmin'], mutates: true, ownData: true },
  'POST /webhooks': { request: () => ({ url: '/webhooks', payload: { url: 'https://93.184.216.34/hooks', events: ['decision.made'] } }), allowed: ['admin', 'otherOrgAdmin'], mutates: true, ownData: true },
  'GET /webhooks': { request: () => ({ url: '/webhooks' }), allowed: ['admin', 'otherOrgAdmin'], ownData: true },
  'DELETE /webhooks/:webhookId': { request: (s) => ({ url: `/webhooks/${s.webhookId}` }), allowed: ['admin'], mutates: true },
  'GET /webhooks/:webhookId/deliveries': { request: (s) => ({ url: `/webhooks/${s.webhookId}/deliveries` }), allowed: ['admin'] },
  'POST /webhooks/:webhookId/deliveries/:deliveryId/retry': { request: (s) => ({ url: `/webhooks/${s.webhookId}/deliveries/${s.deliveryId}/retry` }), allowed: ['admin'], mutates: true },
};

const methodOf = (key: string) => key.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const hiringIds = (s: Scenario) => [s.applicationId, s.candidateId, s.interviewId, s.scorecardId];

/**
 * Who may see the object a route's path names (by the GET routes' rules). Within the
 * organization, such a person who may not do what the route does is answered 403 with the
 * reason, never a 404 that pretends the object does not exist.
 */
const seersByPath: [RegExp, ActorName[]][] = [
  [/^\/roles\/:roleId/, [...owners, 'assignedInterviewer']],
  [/^\/applications\/:applicationId/, [...owners, 'assignedInterviewer']],
  [/^\/interviews\/:interviewId/, [...owners, 'assignedInterviewer']],
  [/^\/scorecards\/:scorecardId/, [...owners, 'assignedInterviewer']],
  [/^\/interviewers\/:userId/, staffOfOrg],
  [/^\/calibration\/exercises\/:exerciseId/, [...recruiters, 'assignedInterviewer']],
  [/^\/candidates\/:candidateId/, recruiters],
];
const seersOf = (route: string): ActorName[] => seersByPath.find(([pattern]) => pattern.test(route.split(' ')[1]!))?.[1] ?? [];

describe('authorization matrix', () => {
  let ctx: TestContext;
  let shared: Scenario;
  beforeAll(async () => {
    ctx = await createTestApp();
    shared = await buildScenario(ctx);
  });
  afterAll(() => ctx.close());

  it('has an access rule for every registered route, and no rule for a route that does not exist', () => {
    const routes = ctx.app.registeredRoutes.filter((r) => r.documented).map((r) => `${r.method} ${r.url}`);
    expect([...new Set(routes)].sort()).toEqual(Object.keys(matrix).sort());
  });

  // Staff prove who they are three ways (SPEC, "Actors"); every route is checked with each of them,
  // rotating per route and actor so that every actor meets every kind across the matrix.
  const kinds = ['jwt', 'session', 'apiKey'] as const;
  const credentials = new Map<string, Record<string, string>>();
  async function headersFor(s: Scenario, actor: ActorName, kind: (typeof kinds)[number], write: boolean): Promise<Record<string, string>> {
    const who = s.actors[actor];
    if (!who) return {};
    if (kind === 'jwt' || actor === 'candidate') return who.auth;
    const cacheKey = `${who.userId}/${kind}`;
    let headers = credentials.get(cacheKey);
    if (!headers) {
      if (kind === 'session') {
        const session = await sessionFor(ctx, actor.startsWith('otherOrg') ? s.otherOrgId : s.org.orgId, who.userId);
        headers = { ...session.writeHeaders };
      } else {
        const created = await ctx.app.inject({ method: 'POST', url: '/me/api-keys', headers: who.auth, payload: { name: 'matrix' } });
        headers = { authorization: `Bearer ${created.json().key}` };
      }
      credentials.set(cacheKey, headers);
    }
    if (!write && headers['x-csrf-token']) return { cookie: headers.cookie! };
    return headers;
  }

  let routeIndex = 0;
  for (const [route, access] of Object.entries(matrix)) {
    const index = routeIndex++;
    it(`${route}`, async () => {
      const ourIds = (s: Scenario) => [s.applicationId, s.candidateId, s.interviewId, s.scorecardId, s.role.roleId];
      for (const [actorIndex, actor] of actorNames.entries()) {
        const s = access.mutates ? await buildScenario(ctx) : shared;
        const who = s.actors[actor];
        const { url, payload } = access.request(s);
        const kind = kinds[(index + actorIndex) % kinds.length]!;
        const headers = await headersFor(s, actor, kind, methodOf(route) !== 'GET');
        const response = await ctx.app.inject({ method: methodOf(route), url, headers, ...(payload ? { payload } : {}) });
        const label = `${route} as ${actor} (${kind}): ${response.statusCode} ${response.body.slice(0, 200)}`;
        expect(response.statusCode, label).toBeLessThan(500);
        // Compliance never learns anything about candidates, applications, interviews or scorecards.
        if (actor === 'compliance') for (const id of hiringIds(s)) expect(response.body, label).not.toContain(id);
        if (access.allowed.includes(actor)) {
          expect([401, 403, 404], label).not.toContain(response.statusCode);
          if (actor.startsWith('otherOrg') && access.ownData) {
            for (const id of ourIds(s)) expect(response.body, label).not.toContain(id);
          }
        } else {
          // No token, a candidate token on a staff route, or a staff token on a candidate route: 401.
          const wrongKindOfToken = actor === 'noToken' || actor === 'candidate' || route.includes(' /candidate/');
          const seesIt = !wrongKindOfToken && seersOf(route).includes(actor);
          const expected = wrongKindOfToken ? [401] : seesIt ? [403] : [403, 404];
          expect(expected, label).toContain(response.statusCode);
          expect(String(response.headers['content-type']), label).toMatch(/problem\+json/);
          if (actor.startsWith('otherOrg') && route.includes('/:') && !wrongKindOfToken) {
            // No existence oracle across tenants: our object answers exactly like an id that does not exist.
            const randomUrl = url.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, () => crypto.randomUUID());
            const probe = await ctx.app.inject({ method: methodOf(route), url: randomUrl, headers, ...(payload ? { payload } : {}) });
            expect(probe.statusCode, `${label} vs a random id`).toBe(response.statusCode);
          }
        }
      }
    });
  }
});

describe('within the organization, seeing but not acting is 403 with the reason', () => {
  let ctx: TestContext;
  let s: Scenario;
  beforeAll(async () => {
    ctx = await createTestApp();
    s = await buildScenario(ctx);
  });
  afterAll(() => ctx.close());

  it('tells an interviewer on the application why the synthesis and role calibration are closed to them', async () => {
    const interviewer = s.actors.assignedInterviewer!;
    const get = (url: string) => ctx.app.inject({ url, headers: interviewer.auth });
    expect((await get(`/applications/${s.applicationId}`)).statusCode).toBe(200);
    const synthesis = await get(`/applications/${s.applicationId}/synthesis`);
    expect(synthesis.statusCode).toBe(403);
    expect(synthesis.json().detail).toMatch(/decision owner and recruiters/);
    const calibration = await get(`/roles/${s.role.roleId}/calibration`);
    expect(calibration.statusCode).toBe(403);
    expect(calibration.json().detail).toMatch(/decision owner and recruiters/);
    // Someone with no relation to the application still learns nothing.
    const stranger = s.actors.unassignedInterviewer!;
    expect((await ctx.app.inject({ url: `/applications/${s.applicationId}/synthesis`, headers: stranger.auth })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: `/roles/${s.role.roleId}/calibration`, headers: stranger.auth })).statusCode).toBe(404);
  });
});
