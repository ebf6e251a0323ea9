// Hostile input never reaches the database malformed, and whatever the router refuses itself is
// problem+json like everything else: the reproductions of issue 20, one by one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateTime, text } from '../../src/http/schemas.js';
import { createTestApp, expectProblem, type TestContext } from '../helpers/app.js';
import { hoursAgo, openRoleCast } from '../helpers/fixtures.js';

describe('hostile input', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof openRoleCast>>;
  let interviewId: string;
  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await openRoleCast(ctx);
    const candidate = (await ctx.app.inject({ method: 'POST', url: '/candidates', headers: cast.recruiter.auth, payload: { name: 'Hostile Input', email: 'hostile@input.test' } })).json();
    const application = (await ctx.app.inject({ method: 'POST', url: '/applications', headers: cast.recruiter.auth, payload: { candidateId: candidate.id, roleId: cast.role.roleId } })).json();
    interviewId = (
      await ctx.app.inject({ method: 'POST', url: `/applications/${application.id}/interviews`, headers: cast.recruiter.auth, payload: { stepId: cast.role.steps.interview, interviewerIds: [cast.a.userId], startsAt: hoursAgo(2), endsAt: hoursAgo(1) } })
    ).json().id;
  });
  afterAll(() => ctx.close());

  const fieldsOf = (response: Parameters<typeof expectProblem>[0]) => expectProblem(response, 400).errors!.map((e) => e.path);

  it('refuses NUL characters in stored text with 400 naming the field, and stores nothing', async () => {
    const { recruiter, a, role } = cast;
    const created = await ctx.app.inject({ method: 'POST', url: '/candidates', headers: recruiter.auth, payload: { name: 'a\u0000b', email: 'nul@input.test' } });
    expect(fieldsOf(created)).toContain('body.name');
    const list = (await ctx.app.inject({ url: '/candidates?limit=200', headers: recruiter.auth })).json();
    expect(list.items.map((c: { email: string }) => c.email)).not.toContain('nul@input.test');
    expect(fieldsOf(await ctx.app.inject({ method: 'PATCH', url: `/roles/${role.roleId}`, headers: recruiter.auth, payload: { team: 'Gro\u0000wth' } }))).toContain('body.team');
    const draft = await ctx.app.inject({ method: 'PUT', url: `/interviews/${interviewId}/scorecard`, headers: a.auth, payload: { ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: 'said\u0000this' }] } });
    expect(fieldsOf(draft)).toContain('body.ratings.0.evidence');
    expect(fieldsOf(await ctx.app.inject({ url: '/audit?entity=%00', headers: cast.org.admin.auth }))).toContain('querystring.entity');
    // Keys too, where a body is a map.
    const keyed = await ctx.app.inject({ method: 'POST', url: '/roles/from-rubric', headers: recruiter.auth, payload: { template: 'designer', interviewers: { 'Port\u0000folio': [] } } });
    expectProblem(keyed, 400);
  });

  it('refuses unpaired surrogates (not Unicode, silently mangled on the way to the database)', async () => {
    const raw = '{"name":"Zo\\ud800e","email":"surrogate@input.test"}';
    const created = await ctx.app.inject({ method: 'POST', url: '/candidates', headers: { ...cast.recruiter.auth, 'content-type': 'application/json' }, payload: raw });
    expect(fieldsOf(created)).toContain('body.name');
    const lowAlone = await ctx.app.inject({ method: 'POST', url: '/candidates', headers: { ...cast.recruiter.auth, 'content-type': 'application/json' }, payload: '{"name":"\\udc00x","email":"low@input.test"}' });
    expect(fieldsOf(lowAlone)).toContain('body.name');
    // A well-formed pair (an emoji) is ordinary text.
    const emoji = await ctx.app.inject({ method: 'POST', url: '/candidates', headers: cast.recruiter.auth, payload: { name: 'Zoë 🚀', email: 'emoji@input.test' } });
    expect(emoji.statusCode).toBe(201);
    expect(emoji.json().name).toBe('Zoë 🚀');
  });

  it('refuses a cursor out of range and dates outside years 1900–9999, naming the field', async () => {
    const admin = cast.org.admin.auth;
    expect(fieldsOf(await ctx.app.inject({ url: '/audit?cursor=99999999999999999999999', headers: admin }))).toEqual(['querystring.cursor']);
    expect(fieldsOf(await ctx.app.inject({ url: '/audit?cursor=-1', headers: admin }))).toEqual(['querystring.cursor']);
    expect((await ctx.app.inject({ url: '/audit?cursor=9223372036854775807', headers: admin })).statusCode).toBe(200);
    expect(fieldsOf(await ctx.app.inject({ url: '/analytics/funnel?from=0000-01-01T00:00:00Z', headers: admin }))).toEqual(['querystring.from']);
    expect(fieldsOf(await ctx.app.inject({ url: `/analytics/funnel?to=${encodeURIComponent('1900-01-01T00:30:00+01:00')}`, headers: admin }))).toEqual(['querystring.to']);
    expect((await ctx.app.inject({ url: '/analytics/funnel?from=1900-01-01T00:00:00Z&to=9999-12-31T23:59:59Z', headers: admin })).statusCode).toBe(200);
    const { recruiter, a } = cast;
    const interview = await ctx.app.inject({
      method: 'POST',
      url: `/applications/${crypto.randomUUID()}/interviews`,
      headers: recruiter.auth,
      payload: { adHocName: 'Lunch', interviewerIds: [a.userId], startsAt: '0001-01-01T00:00:00Z', endsAt: '0001-01-01T01:00:00Z' },
    });
    expect(fieldsOf(interview)).toEqual(expect.arrayContaining(['body.startsAt', 'body.endsAt']));
    expect(fieldsOf(await ctx.app.inject({ url: '/candidates?limit=1e400', headers: recruiter.auth }))).toEqual(['querystring.limit']);
  });

  it('answers what the router refuses itself as problem+json, without echoing the path', async () => {
    const long = 'x'.repeat(150);
    const tooLong = await ctx.app.inject({ url: `/roles/${long}`, headers: cast.org.admin.auth });
    expectProblem(tooLong, 414);
    expect(tooLong.body).not.toContain(long);
    expect(tooLong.headers['cache-control']).toBe('no-store');
    expect(tooLong.headers['x-request-id']).toBeTruthy();
    const badUrl = await ctx.app.inject({ url: '/roles/%E0%A4%A' });
    expectProblem(badUrl, 400);
    expect(badUrl.body).not.toContain('%E0');
    const wrongMethod = await ctx.app.inject({ method: 'PATCH', url: '/me', headers: cast.org.admin.auth });
    expectProblem(wrongMethod, 405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    const deleteRole = await ctx.app.inject({ method: 'DELETE', url: `/roles/${cast.role.roleId}`, headers: cast.org.admin.auth });
    expectProblem(deleteRole, 405);
    expect(deleteRole.headers.allow).toBe('GET, HEAD, PATCH');
    const unknown = await ctx.app.inject({ url: '/no-such-thing-<script>' });
    expectProblem(unknown, 404);
    expect(unknown.body).not.toContain('script');
    expectProblem(await ctx.app.inject({ method: 'POST', url: '/candidates', headers: { ...cast.recruiter.auth, 'content-type': 'application/xml' }, payload: '<hi/>' }), 415);
  });

  it('answers a request the HTTP parser refuses as problem+json', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, title: 'Bad Request' });
  });
});

describe('the shared input schemas', () => {
  it('trims, bounds and refuses NUL and unpaired surrogates in text', () => {
    expect(text({ max: 5 }).parse('  abc  ')).toBe('abc');
    expect(text({ max: 5, trim: false }).parse(' ab ')).toBe(' ab ');
    expect(text({ max: 5 }).safeParse('   ').success).toBe(false);
    expect(text({ max: 5, min: 0 }).parse('   ')).toBe('');
    for (const bad of ['a\u0000', '\ud800', 'x\udc00', '\ud83d']) expect(text({ max: 50, trim: false }).safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(text({ max: 50 }).parse('🚀')).toBe('🚀');
  });

  it('accepts date-times in years 1900–9999 only, in UTC', () => {
    expect(dateTime.safeParse('1900-01-01T00:00:00Z').success).toBe(true);
    expect(dateTime.safeParse('9999-12-31T23:59:59Z').success).toBe(true);
    expect(dateTime.safeParse('1899-12-31T23:59:59Z').success).toBe(false);
    expect(dateTime.safeParse('9999-12-31T23:00:00-05:00').success).toBe(false);
    expect(dateTime.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(dateTime.safeParse('2026-01-01').success).toBe(false);
  });

  it('is the only text and date-time schema of the routes: none builds its own', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !path.endsWith(join('http', 'schemas.ts')) && !path.includes(join('src', 'rubrics', 'lexicon.ts')) && !path.endsWith('config.ts')) {
          const source = readFileSync(path, 'utf8');
          if (/z\.string\(\)\.(trim|min|max)\(|z\.iso\.datetime|z\.coerce\.date|z\.date\(/.test(source)) offenders.push(path);
        }
      }
    };
    walk(join(import.meta.dirname, '..', '..', 'src'));
    expect(offenders).toEqual([]);
  });
});
