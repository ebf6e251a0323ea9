// Pulls each source's endpoints into the folder layout the importer reads, following each API's
// pagination: Greenhouse Link headers, Lever next/hasNext, Ashby cursors.
import { endpointFile, forEachRecord } from '../read-records.js';
import type { ImportSource } from '../types.js';
import { basicAuth, nextLink, PullError, requestJson, type PullOptions } from './http.js';
import { NdjsonWriter } from './ndjson-writer.js';

export const defaultApiUrl: Record<ImportSource, string> = {
  'greenhouse-harvest-v1': 'https://harvest.greenhouse.io/v1',
  'greenhouse-harvest-v3': 'https://harvest.greenhouse.io/v3',
  lever: 'https://api.lever.co/v1',
  ashby: 'https://api.ashbyhq.com',
};

export interface PullRequest {
  source: ImportSource;
  apiKey: string;
  apiUrl?: string;
  dir: string;
  onPage?: (endpoint: string, records: number) => void;
  /** Longest Retry-After wait honoured, in ms. */
  maxWaitMs?: number;
}

export async function pullToFolder(request: PullRequest): Promise<void> {
  const base = (request.apiUrl ?? defaultApiUrl[request.source]).replace(/\/+$/, '');
  const auth = request.source === 'greenhouse-harvest-v3' ? `Bearer ${request.apiKey}` : basicAuth(request.apiKey);
  const options: PullOptions = { authorization: auth, maxWaitMs: request.maxWaitMs };
  const into = async (name: string, fill: (w: NdjsonWriter) => Promise<void>) => {
    const writer = new NdjsonWriter(request.dir, name);
    try {
      await fill(writer);
    } finally {
      await writer.close();
    }
    request.onPage?.(name, writer.count);
  };
  if (request.source === 'greenhouse-harvest-v1' || request.source === 'greenhouse-harvest-v3') {
    const endpoints =
      request.source === 'greenhouse-harvest-v1'
        ? ['users', 'candidates', 'applications', 'scorecards']
        : ['users', 'jobs', 'candidates', 'applications', 'job_candidate_attributes', 'scorecards', 'scorecard_candidate_attributes'];
    for (const name of endpoints) await into(name, (w) => greenhousePages(`${base}/${name}?per_page=500`, options, w));
    return;
  }
  if (request.source === 'lever') {
    await into('users', (w) => leverPages(`${base}/users`, options, w));
    await into('postings', (w) => leverPages(`${base}/postings`, options, w));
    await into('opportunities', (w) => leverPages(`${base}/opportunities?expand=applications`, options, w));
    // Feedback is per opportunity: read the ids back from the file just written, not from memory.
    await into('feedback', async (w) => {
      await forEachRecord(endpointFile(request.dir, 'opportunities')!, async ({ value }) => {
        const id = (value as { id?: unknown }).id;
        if (typeof id !== 'string') return;
        await leverPages(`${base}/opportunities/${encodeURIComponent(id)}/feedback`, options, { write: (f) => w.write({ ...(f as object), opportunityId: id }) });
      }, () => {});
    });
    return;
  }
  await into('users', (w) => ashbyPages(`${base}/user.list`, {}, options, w));
  await into('applications', (w) => ashbyPages(`${base}/application.list`, {}, options, w));
  await into('feedback', (w) => ashbyPages(`${base}/applicationFeedback.list`, {}, options, w));
}

interface Sink {
  write(value: unknown): Promise<void>;
}

async function greenhousePages(first: string, options: PullOptions, sink: Sink) {
  for (let url: string | undefined = first; url; ) {
    const page = await requestJson(url, options);
    if (!Array.isArray(page.body)) throw new PullError(`${new URL(url).pathname} did not answer a JSON array.`);
    for (const item of page.body) await sink.write(item);
    url = nextLink(page.headers.get('link'));
  }
}

async function leverPages(first: string, options: PullOptions, sink: Sink) {
  for (let offset: string | undefined, more = true; more; ) {
    const url = new URL(first);
    url.searchParams.set('limit', '100');
    if (offset) url.searchParams.set('offset', offset);
    const page = (await requestJson(url.toString(), options)).body as { data?: unknown; hasNext?: unknown; next?: unknown };
    if (!Array.isArray(page.data)) throw new PullError(`${url.pathname} did not answer {data: [...]}.`);
    for (const item of page.data) await sink.write(item);
    more = page.hasNext === true && typeof page.next === 'string';
    offset = more ? (page.next as string) : undefined;
  }
}

async function ashbyPages(url: string, body: Record<string, unknown>, options: PullOptions, sink: Sink) {
  for (let cursor: string | undefined, more = true; more; ) {
    const page = (await requestJson(url, options, { method: 'POST', body: { ...body, limit: 100, ...(cursor ? { cursor } : {}) } })).body as { success?: unknown; results?: unknown; moreDataAvailable?: unknown; nextCursor?: unknown };
    if (page.success === false || !Array.isArray(page.results)) throw new PullError(`${new URL(url).pathname} did not answer {success: true, results: [...]}.`);
    for (const item of page.results) await sink.write(item);
    more = page.moreDataAvailable === true && typeof page.nextCursor === 'string';
    cursor = more ? (page.nextCursor as string) : undefined;
  }
}
