// HTTP for pulling from a source's API: JSON pages, with the rate limit honoured (429 and
// Retry-After, in seconds or as a date) and the API key never logged.
import { setTimeout as sleep } from 'node:timers/promises';

export class PullError extends Error {}

export interface PullOptions {
  /** Authorization header value. */
  authorization: string;
  /** Longest single wait a Retry-After may ask for, in ms (default 60 s). */
  maxWaitMs?: number;
  retries?: number;
}

export interface JsonPage {
  body: unknown;
  headers: Headers;
}

export async function requestJson(url: string, options: PullOptions, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<JsonPage> {
  const retries = options.retries ?? 8;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: init.method ?? 'GET',
        headers: { authorization: options.authorization, accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
        body: init.body ? JSON.stringify(init.body) : undefined,
        redirect: 'error',
      });
    } catch {
      if (attempt >= retries) throw new PullError(`${hostOf(url)} could not be reached.`);
      await sleep(backoff(attempt));
      continue;
    }
    if (response.status === 429 || response.status === 503) {
      await response.body?.cancel();
      if (attempt >= retries) throw new PullError(`${hostOf(url)} kept answering ${response.status} after ${retries} retries.`);
      await sleep(Math.min(retryAfterMs(response.headers.get('retry-after')) ?? backoff(attempt), options.maxWaitMs ?? 60_000));
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const hint = response.status === 401 || response.status === 403 ? ' (check the API key and its permissions)' : '';
      throw new PullError(`${hostOf(url)} answered ${response.status} for ${pathOf(url)}${hint}.`);
    }
    try {
      return { body: await response.json(), headers: response.headers };
    } catch {
      throw new PullError(`${hostOf(url)} sent a response that is not JSON for ${pathOf(url)}.`);
    }
  }
}

const backoff = (attempt: number) => Math.min(250 * 2 ** attempt, 10_000);
const hostOf = (url: string) => new URL(url).host;
const pathOf = (url: string) => new URL(url).pathname;

/** Retry-After as milliseconds: delay-seconds or an HTTP date. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The rel="next" target of an RFC 5988 Link header. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /rel="?next"?/i.test(match[2]!)) return match[1];
  }
  return undefined;
}

export const basicAuth = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
