import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';

type JsonSchema = { type?: string; additionalProperties?: unknown };
type Operation = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe('OpenAPI document', () => {
  let ctx: TestContext;
  let doc: Document;
  beforeAll(async () => {
    ctx = await createTestApp();
    doc = (await ctx.app.inject('/openapi.json')).json();
  });
  afterAll(() => ctx.close());

  it('is OpenAPI 3.1 with a browsable reference at /docs', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const docs = await ctx.app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('documents every registered route, and documents no route that is not served', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const served = ctx.app.registeredRoutes
      .filter((r) => r.documented)
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(5);
    expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
  });

  it('declares additionalProperties: false on every JSON request body', () => {
    const open: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (schema?.type === 'object' && schema.additionalProperties !== false) open.push(`${method} ${path}`);
      }
    }
    expect(open).toEqual([]);
  });
});
