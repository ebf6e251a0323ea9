import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullToFolder } from '../../src/imports/pull/sources.js';
import { nextLink, retryAfterMs } from '../../src/imports/pull/http.js';
import type { ImportSource } from '../../src/imports/types.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { ashby, greenhouseV1, greenhouseV3, lever, writeFolder, type Folder } from './fixtures.js';
import { fakeApiKey, startFakeApi } from './fake-apis.js';
import { importFolder } from './helpers.js';

const cases: [ImportSource, Folder, string, string][] = [
  ['greenhouse-harvest-v1', greenhouseV1('nobody@example.test'), 'scorecards', '/v1'],
  ['greenhouse-harvest-v3', greenhouseV3(), 'scorecard_candidate_attributes', '/v3'],
  ['lever', lever(), 'opportunities', '/v1'],
  ['ashby', ashby(), 'feedback', ''],
];

describe('pulling from a source API (--api-key)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  for (const [source, folder, throttled, prefix] of cases) {
    it(`${source}: follows the pagination, waits out a 429, and imports what a folder would`, async () => {
      const api = await startFakeApi(source, folder, throttled);
      try {
        const dir = mkdtempSync(join(tmpdir(), 'pull-test-'));
        await pullToFolder({ source, apiKey: fakeApiKey, apiUrl: `${api.url}${prefix}`, dir });
        expect(readdirSync(dir).sort()).toEqual(Object.keys(folder).map((n) => `${n}.ndjson`).sort());
        const refused = api.log.find((r) => r.status === 429)!;
        const retried = api.log[api.log.indexOf(refused) + 1]!;
        expect(retried.path).toBe(refused.path);
        expect(retried.at - refused.at).toBeGreaterThanOrEqual(950);
        expect(api.log.filter((r) => r.status === 200).length).toBeGreaterThan(Object.keys(folder).length);

        const pulled = await importFolder(ctx, (await createOrg(ctx)).orgId, source, dir);
        const direct = await importFolder(ctx, (await createOrg(ctx)).orgId, source, writeFolder(folder));
        expect(pulled.status).toBe('completed');
        expect(pulled.created).toEqual(direct.created);
        expect(pulled.ignored).toEqual(direct.ignored);
        expect(pulled.skipped.map((s) => [s.file.replace(/\.\w+$/, ''), s.index, s.reason])).toEqual(direct.skipped.map((s) => [s.file.replace(/\.\w+$/, ''), s.index, s.reason]));
      } finally {
        await api.close();
      }
    });
  }

  it('refuses a wrong key with a clear message', async () => {
    const api = await startFakeApi('lever', lever(), 'none');
    try {
      await expect(pullToFolder({ source: 'lever', apiKey: 'wrong', apiUrl: `${api.url}/v1`, dir: mkdtempSync(join(tmpdir(), 'pull-test-')) })).rejects.toThrow(/answered 401 for \/v1\/users \(check the API key/);
    } finally {
      await api.close();
    }
  });

  it('reads Link headers and Retry-After values', () => {
    expect(nextLink('<https://h/v1/x?page=2>; rel="next", <https://h/v1/x?page=9>; rel="last"')).toBe('https://h/v1/x?page=2');
    expect(nextLink('<https://h/v1/x?page=9>; rel="last"')).toBeUndefined();
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
