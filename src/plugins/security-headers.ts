// helmet's security headers (CSP, HSTS, nosniff, frame and referrer policies...) on every answer.
// With no per-request nonce they are the same for every request, so helmet runs once at start
// and each request only copies the result: @fastify/helmet rebuilt helmet's middleware from its
// options on every request, a measurable share of a small read's time.
import type { ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { App } from '../http/types.js';

/** The headers helmet sets with its defaults, computed once. */
export function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const capture = {
    setHeader: (name: string, value: string | number | readonly string[]) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  helmet()({} as never, capture, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

export function registerSecurityHeaders(app: App) {
  const headers = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
