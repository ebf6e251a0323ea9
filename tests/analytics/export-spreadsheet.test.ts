// The CSV export opened as a spreadsheet would: cells that a spreadsheet would run as formulas
// come out as text, and with bom=true the bytes announce UTF-8 so "—" and "ü" survive Excel.
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutralizeCell } from '../../src/analytics/export.js';
import { candidates, roles } from '../../src/db/schema.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';

const hostileNames = ['=HYPERLINK("http://evil.test","click")', '+1+2', '-2+3', '@SUM(A1:A2)', '\tTabbed', '\rReturned', 'Jürgen — Ünal'];

describe('CSV export safe to open in a spreadsheet', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof openRoleCast>>;
  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await openRoleCast(ctx);
    await ctx.database.db.update(roles).set({ title: '=cmd|"/c calc"!A1 — Produkt' }).where(eq(roles.id, cast.role.roleId));
    for (const [i, name] of hostileNames.entries()) {
      const candidate = (await ctx.app.inject({ method: 'POST', url: '/candidates', headers: cast.recruiter.auth, payload: { name: `Sheet ${i}`, email: `sheet${i}@export.test` } })).json();
      // Written directly: the API trims names, and leading tabs or returns are the point here.
      await ctx.database.db.update(candidates).set({ name }).where(eq(candidates.id, candidate.id));
      const application = await ctx.app.inject({ method: 'POST', url: '/applications', headers: cast.recruiter.auth, payload: { candidateId: candidate.id, roleId: cast.role.roleId } });
      expect(application.statusCode).toBe(201);
    }
  });
  afterAll(() => ctx.close());

  const exportCsv = (query: string) =>
    ctx.app.inject({ method: 'GET', url: `/exports/funnel?format=csv&pii=true&roleId=${cast.role.roleId}${query}`, headers: cast.org.admin.auth });

  it('prefixes a quote to every text cell a spreadsheet would run as a formula', async () => {
    const response = await exportCsv('');
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const records = parse(response.rawPayload.toString('utf8'), { columns: true, relax_quotes: false }) as Record<string, string>[];
    expect(records.map((r) => r.candidate_name).sort()).toEqual(hostileNames.map(neutralizeCell).sort());
    expect(new Set(records.map((r) => r.role_title))).toEqual(new Set(['\'=cmd|"/c calc"!A1 — Produkt']));
    for (const record of records) {
      for (const cell of Object.values(record)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(records.find((r) => r.candidate_name?.startsWith("'="))?.candidate_name).toBe(`'${hostileNames[0]}`);
    expect(records.map((r) => r.candidate_name)).toContain('Jürgen — Ünal');
  });

  it('starts with a UTF-8 byte order mark when asked, and the text decodes intact', async () => {
    const response = await exportCsv('&bom=true');
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // What a spreadsheet does: sniff the BOM, decode as UTF-8, split cells.
    const records = parse(bytes, { columns: true, bom: true, encoding: 'utf8' }) as Record<string, string>[];
    expect(Object.keys(records[0]!)[0]).toBe('role_id');
    expect(records.map((r) => r.candidate_name)).toContain('Jürgen — Ünal');
    expect(records[0]!.role_title).toContain('— Produkt');
    const ndjson = await ctx.app.inject({ method: 'GET', url: `/exports/funnel?format=ndjson&bom=true&roleId=${cast.role.roleId}`, headers: cast.org.admin.auth });
    expect(ndjson.rawPayload[0]).toBe('{'.charCodeAt(0));
  });

  it('leaves ordinary text alone and neutralizes only a leading formula character', () => {
    expect(neutralizeCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(neutralizeCell('a=b')).toBe('a=b');
    expect(neutralizeCell('')).toBe('');
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(neutralizeCell(`${lead}x`)).toBe(`'${lead}x`);
  });
});
