import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, expectProblem, type TestContext, type TestOrg } from '../helpers/app.js';
import { greenhouseV1, lever } from './fixtures.js';
import { filesOf, multipart } from './multipart.js';

describe('POST /imports, GET /imports, GET /imports/:importId', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  async function finished(org: TestOrg, importId: string) {
    for (;;) {
      const response = await ctx.app.inject({ url: `/imports/${importId}`, headers: org.admin.auth });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      if (body.status !== 'running') return body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('accepts the files, answers 202 with the import id, and runs the import in the background', async () => {
    const org = await createOrg(ctx);
    const body = multipart(filesOf(greenhouseV1('nobody@example.test')), { source: 'greenhouse-harvest-v1' });
    const response = await ctx.app.inject({ method: 'POST', url: '/imports', headers: { ...org.admin.auth, ...body.headers }, payload: body.payload });
    expect(response.statusCode, response.body).toBe(202);
    const { importId, status } = response.json();
    expect(status).toBe('running');
    const done = await finished(org, importId);
    expect(done).toMatchObject({
      importId,
      source: 'greenhouse-harvest-v1',
      status: 'completed',
      created: { roles: 1, steps: 1, criteria: 3, users: 3, candidates: 2, applications: 2, interviews: 3, scorecards: 3 },
      updated: {},
      ignored: { drafts: 1 },
      error: null,
    });
    expect(done.skipped.map((s: { file: string; index: number }) => `${s.file}#${s.index}`)).toEqual(['applications.json#2', 'scorecards.json#4', 'scorecards.json#5']);
    // Skipped records carry positions and reasons, never a candidate's name or email.
    expect(JSON.stringify(done)).not.toMatch(/Casey|Dana|@cand\.test/);

    const again = multipart(filesOf(greenhouseV1('nobody@example.test')), { source: 'greenhouse-harvest-v1' });
    const second = (await ctx.app.inject({ method: 'POST', url: '/imports', headers: { ...org.admin.auth, ...again.headers }, payload: again.payload })).json();
    expect((await finished(org, second.importId)).created).toMatchObject({ scorecards: 0, applications: 0 });

    const page = (await ctx.app.inject({ url: '/imports?limit=1', headers: org.admin.auth })).json();
    expect(page.items.map((i: { importId: string }) => i.importId)).toEqual([second.importId]);
    const rest = (await ctx.app.inject({ url: `/imports?limit=5&cursor=${page.nextCursor}`, headers: org.admin.auth })).json();
    expect(rest.items.map((i: { importId: string }) => i.importId)).toEqual([importId]);
    expect(rest.nextCursor).toBeNull();

    const audit = (await ctx.app.inject({ url: `/audit?entity=import&entityId=${importId}`, headers: org.admin.auth })).json();
    expect(audit.items.map((e: { action: string }) => e.action).sort()).toEqual(['import.finish', 'import.start']);
  });

  it('refuses a missing source, an unknown file, a missing required file and a JSON body, writing nothing', async () => {
    const org = await createOrg(ctx);
    const post = (body: { payload: Buffer; headers: Record<string, string> }) => ctx.app.inject({ method: 'POST', url: '/imports', headers: { ...org.admin.auth, ...body.headers }, payload: body.payload });
    const noSource = expectProblem(await post(multipart(filesOf(lever()))), 400);
    expect(noSource.errors).toEqual([{ path: 'source', message: 'required, one of the supported sources' }]);
    expectProblem(await post(multipart(filesOf(lever()), { source: 'workday' })), 400);
    expectProblem(await post(multipart({ ...filesOf(lever()), resumes: { filename: 'resumes.json', content: '[]' } }, { source: 'lever' })), 400);
    expectProblem(await post(multipart({ feedback: { filename: 'feedback.csv', content: 'a,b' } }, { source: 'lever' })), 400);
    const { feedback: _, ...noFeedback } = lever();
    const missing = expectProblem(await post(multipart(filesOf(noFeedback), { source: 'lever' })), 400);
    expect(missing.detail).toBe('A lever import needs feedback.');
    expectProblem(await ctx.app.inject({ method: 'POST', url: '/imports', headers: org.admin.auth, payload: { source: 'lever' } }), 415);
    expect((await ctx.app.inject({ url: '/imports', headers: org.admin.auth })).json().items).toEqual([]);
  });

  it('answers a retry under the same Idempotency-Key with the same import, starting no second one', async () => {
    const org = await createOrg(ctx);
    const post = (files: ReturnType<typeof filesOf>, key: string) => {
      const body = multipart(files, { source: 'lever' });
      return ctx.app.inject({ method: 'POST', url: '/imports', headers: { ...org.admin.auth, ...body.headers, 'idempotency-key': key }, payload: body.payload });
    };
    const first = await post(filesOf(lever()), 'import-once');
    expect(first.statusCode, first.body).toBe(202);
    const retry = await post(filesOf(lever()), 'import-once');
    expect(retry.statusCode, retry.body).toBe(202);
    expect(retry.json().importId).toBe(first.json().importId);
    await finished(org, first.json().importId);
    const listed = (await ctx.app.inject({ url: '/imports', headers: org.admin.auth })).json().items;
    expect(listed.map((i: { importId: string }) => i.importId)).toEqual([first.json().importId]);

    // The same key with other files is another request: refused, and nothing starts.
    const { postings: _, ...fewer } = lever();
    expectProblem(await post(filesOf(fewer), 'import-once'), 422);
    expect((await ctx.app.inject({ url: '/imports', headers: org.admin.auth })).json().items).toHaveLength(1);
    // Another key is another import.
    const other = await post(filesOf(lever()), 'import-twice');
    expect(other.json().importId).not.toBe(first.json().importId);
    await finished(org, other.json().importId);
  });

  it('answers 404 for an import of another organization', async () => {
    const org = await createOrg(ctx);
    const other = await createOrg(ctx);
    const body = multipart(filesOf(lever()), { source: 'lever' });
    const { importId } = (await ctx.app.inject({ method: 'POST', url: '/imports', headers: { ...org.admin.auth, ...body.headers }, payload: body.payload })).json();
    await finished(org, importId);
    expectProblem(await ctx.app.inject({ url: `/imports/${importId}`, headers: other.admin.auth }), 404);
  });
});
