// Pages answer as the API does, for every actor: a page is let in exactly when the API route it
// mirrors lets that person in, and refuses with the same status otherwise (signed out: to sign in).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { sessionFor } from '../helpers/browser-session.js';
import { actorNames, buildScenario, type Scenario } from '../security/scenario.js';

interface PageAccess {
  page: (s: Scenario) => string;
  /** The API route whose access rule the page shares. */
  api: (s: Scenario) => { method: 'GET' | 'PUT'; url: string; payload?: object };
  /** The API takes the role as a filter (another organization's id finds nothing, 200); the page names the role, so there it is 404. */
  roleAsFilter?: boolean;
}

const pages: Record<string, PageAccess> = {
  '/app': { page: () => '/app', api: () => ({ method: 'GET', url: '/me' }) },
  '/app/settings/api-keys': { page: () => '/app/settings/api-keys', api: () => ({ method: 'GET', url: '/me/api-keys' }) },
  '/app/interviews/:interviewId': {
    page: (s) => `/app/interviews/${s.interviewId}`,
    // The kit is where the scorecard is written: it follows the scorecard route's rule.
    api: (s) => ({ method: 'PUT', url: `/interviews/${s.interviewId}/scorecard`, payload: { ratings: [] } }),
  },
  '/app/applications/:applicationId/debrief': { page: (s) => `/app/applications/${s.applicationId}/debrief`, api: (s) => ({ method: 'GET', url: `/applications/${s.applicationId}/synthesis` }) },
  '/app/roles': { page: () => '/app/roles', api: () => ({ method: 'GET', url: '/roles' }) },
  '/app/roles/:roleId': { page: (s) => `/app/roles/${s.role.roleId}`, api: (s) => ({ method: 'GET', url: `/roles/${s.role.roleId}` }) },
  '/app/applications/:applicationId': { page: (s) => `/app/applications/${s.applicationId}`, api: (s) => ({ method: 'GET', url: `/applications/${s.applicationId}` }) },
  '/app/roles/:roleId/funnel': { page: (s) => `/app/roles/${s.role.roleId}/funnel`, api: (s) => ({ method: 'GET', url: `/analytics/funnel?roleId=${s.role.roleId}` }), roleAsFilter: true },
  '/app/roles/:roleId/calibration': { page: (s) => `/app/roles/${s.role.roleId}/calibration`, api: (s) => ({ method: 'GET', url: `/roles/${s.role.roleId}/calibration` }) },
  '/app/fairness': { page: () => '/app/fairness', api: () => ({ method: 'GET', url: '/fairness/questions' }) },
  '/app/admin/audit': { page: () => '/app/admin/audit', api: () => ({ method: 'GET', url: '/audit' }) },
  '/app/admin/erasure': { page: () => '/app/admin/erasure', api: () => ({ method: 'GET', url: '/erasure-requests' }) },
  '/app/admin/imports': { page: () => '/app/admin/imports', api: () => ({ method: 'GET', url: '/imports' }) },
  '/app/admin/webhooks': { page: () => '/app/admin/webhooks', api: () => ({ method: 'GET', url: '/webhooks' }) },
};

describe('page authorization matrix', () => {
  let ctx: TestContext;
  let s: Scenario;
  beforeAll(async () => {
    ctx = await createTestApp();
    s = await buildScenario(ctx);
  });
  afterAll(() => ctx.close());

  for (const [name, access] of Object.entries(pages)) {
    it(name, async () => {
      for (const actor of actorNames) {
        const who = s.actors[actor];
        const api = access.api(s);
        const apiResponse = await ctx.app.inject({ method: api.method, url: api.url, headers: who?.auth ?? {}, ...(api.payload ? { payload: api.payload } : {}) });
        // People reach pages with a browser session; a candidate link or nothing at all is "signed out".
        const staff = who && actor !== 'candidate';
        const headers = staff ? (await sessionFor(ctx, actor.startsWith('otherOrg') ? s.otherOrgId : s.org.orgId, who.userId)).headers : {};
        const page = await ctx.app.inject({ url: access.page(s), headers });
        const label = `${name} as ${actor}: page ${page.statusCode}, API ${apiResponse.statusCode}`;
        expect(page.headers['cache-control'], label).toBe('no-store');
        if (!staff) {
          expect(page.statusCode, label).toBe(303);
          expect(page.headers.location, label).toBe('/');
        } else if (access.roleAsFilter && actor.startsWith('otherOrg') && apiResponse.statusCode === 200) {
          expect(apiResponse.body, label).not.toContain(s.applicationId);
          expect(page.statusCode, label).toBe(404);
        } else if ([403, 404].includes(apiResponse.statusCode)) {
          expect(page.statusCode, label).toBe(apiResponse.statusCode);
          expect(String(page.headers['content-type']), label).toContain('text/html');
        } else {
          expect(page.statusCode, label).toBe(200);
        }
      }
    });
  }
});
