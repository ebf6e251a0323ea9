import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmetHeaders } from '../../src/plugins/security-headers.js';
import { createTestApp, type TestContext } from '../helpers/app.js';

let ctx: TestContext;
beforeAll(async () => (ctx = await createTestApp()));
afterAll(() => ctx.close());

describe('security headers', () => {
  it("are helmet's defaults, computed once", () => {
    const headers = helmetHeaders();
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("object-src 'none'");
    expect(helmetHeaders()).toEqual(headers);
  });

  it('are on every answer: a success, an unknown route, a refused request, the docs', async () => {
    const expected = helmetHeaders();
    const answers = await Promise.all([
      ctx.app.inject('/health'),
      ctx.app.inject('/no-such-route'),
      ctx.app.inject('/users'),
      ctx.app.inject('/docs/'),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 404, 401, 200]);
    for (const answer of answers.slice(0, 3)) expect(answer.headers).toMatchObject(expected);
    // The docs UI sets its own content security policy (it needs swagger's validator image).
    const { 'content-security-policy': _csp, ...rest } = expected;
    expect(answers[3]!.headers).toMatchObject(rest);
    expect(answers[3]!.headers['content-security-policy']).toContain("object-src 'none'");
  });
});
