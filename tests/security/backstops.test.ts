// The two backstops under the route schemas, on a bare fastify app with a route that validates
// nothing: hostile text never reaches a handler, and a value the database refuses (SQLSTATE class
// 22) is a client error, not a 500.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/plugins/errors.js';
import { registerHostileInputGuard } from '../../src/plugins/hostile-input.js';

describe('backstops under the schemas', () => {
  const app = Fastify({ logger: false });
  let reached = 0;
  beforeAll(async () => {
    app.decorate('registeredRoutes', []);
    registerErrorHandling(app);
    registerHostileInputGuard(app);
    app.post('/anything/:id', async () => {
      reached++;
      return { ok: true };
    });
    app.get('/database-refuses', async () => {
      throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    });
    app.get('/wrapped', async () => {
      throw Object.assign(new Error('query failed'), { cause: { code: '22008', message: 'date/time field value out of range' } });
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('refuses NUL and unpaired surrogates in any body, query, path parameter or key, naming where', async () => {
    const cases: [string, string, string][] = [
      ['/anything/1', '{"a":{"b":["ok","x\\u0000"]}}', 'body.a.b.1'],
      ['/anything/1', '{"note":"\\ud800"}', 'body.note'],
      ['/anything/1?q=%00', '{}', 'querystring.q'],
      ['/anything/%00', '{}', 'params.id'],
      ['/anything/1', '{"k\\u0000":1}', 'body.(a key)'],
    ];
    for (const [url, payload, path] of cases) {
      const response = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
      expect(response.statusCode, url + payload).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(reached).toBe(0);
    const fine = await app.inject({ method: 'POST', url: '/anything/1', headers: { 'content-type': 'application/json' }, payload: '{"a":"Zoë 🚀"}' });
    expect(fine.statusCode).toBe(200);
    expect(reached).toBe(1);
  });

  it('answers a database data exception as 400 problem+json without the database message', async () => {
    for (const url of ['/database-refuses', '/wrapped']) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.body).not.toMatch(/UTF8|field value/);
    }
  });
});
