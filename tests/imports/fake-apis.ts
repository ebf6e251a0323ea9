// A loopback HTTP server answering in each source's shape, one object per page so every
// pagination scheme is followed, and a 429 with Retry-After on the first call of one endpoint.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ImportSource } from '../../src/imports/types.js';
import type { Folder } from './fixtures.js';

export interface FakeApi {
  url: string;
  /** Every request: method, path with query, and status answered. */
  log: { method: string; path: string; status: number; at: number }[];
  close(): Promise<void>;
}

const KEY = 'test-api-key';
export const fakeApiKey = KEY;

export async function startFakeApi(source: ImportSource, folder: Folder, throttled: string): Promise<FakeApi> {
  const log: FakeApi['log'] = [];
  const throttledOnce = new Set<string>();
  let server: Server;
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, base());
    const body = req.method === 'POST' ? JSON.parse((await read(req)) || '{}') : {};
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      log.push({ method: req.method!, path: `${url.pathname}${url.search}`, status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    const expected = source === 'greenhouse-harvest-v3' ? `Bearer ${KEY}` : `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(401, { message: 'unauthorized' });
    const endpoint = url.pathname.split('/').filter(Boolean);
    const name = source === 'ashby' ? { 'user.list': 'users', 'application.list': 'applications', 'applicationFeedback.list': 'feedback' }[endpoint.at(-1)!] : endpoint.at(-1);
    if (name === throttled && !throttledOnce.has(name)) {
      throttledOnce.add(name);
      return send(429, { message: 'slow down' }, { 'retry-after': '1' });
    }
    if (source === 'greenhouse-harvest-v1' || source === 'greenhouse-harvest-v3') {
      const items = folder[name!] ?? [];
      const page = Number(url.searchParams.get('page') ?? '1');
      const next = page < items.length ? `<${base()}${url.pathname}?page=${page + 1}&per_page=1>; rel="next", <${base()}${url.pathname}?page=${items.length}&per_page=1>; rel="last"` : undefined;
      return send(200, items.slice(page - 1, page), next ? { link: next } : {});
    }
    if (source === 'lever') {
      // Lever serves feedback per opportunity, without the opportunityId the folder layout adds.
      const ofOpportunity = (folder.feedback ?? []) as { opportunityId: string }[];
      const items = name === 'feedback' ? ofOpportunity.filter((f) => f.opportunityId === endpoint[2]).map(({ opportunityId: _, ...f }) => f) : (folder[name!] ?? []);
      const offset = Number(url.searchParams.get('offset') ?? '0');
      return send(200, { data: items.slice(offset, offset + 1), hasNext: offset + 1 < items.length, ...(offset + 1 < items.length ? { next: String(offset + 1) } : {}) });
    }
    const items = folder[name!] ?? [];
    const cursor = Number(body.cursor ?? '0');
    return send(200, { success: true, results: items.slice(cursor, cursor + 1), moreDataAvailable: cursor + 1 < items.length, nextCursor: cursor + 1 < items.length ? String(cursor + 1) : null });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: base(), log, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function read(req: IncomingMessage) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}
