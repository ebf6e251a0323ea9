import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { unauthorized } from '../errors.js';
import { text } from '../http/schemas.js';
import { linkIsLive, linkRefusal, linkVerifier, type CandidateClaims, type LinkRefusal } from './links.js';

declare module 'fastify' {
  interface FastifyRequest {
    candidate: CandidateClaims;
  }
}

// Shared by every candidate route, whichever feature serves it.
export const candidateSecurity = [{ candidateToken: [] }];
// Per client address: generous for a person reading a page, tight for anyone guessing tokens.
export const candidateRateLimit = { max: 60, timeWindow: '1 minute' };
export const tokenQuery = z.object({ token: text({ max: 4096, trim: false }).optional().describe('The link’s token, when opened in a browser.') });

/** The token from `Authorization: Bearer …`, or `?token=` for a link opened in a browser. */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const query = request.query as { token?: unknown } | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

/**
 * preHandler for /candidate/* routes: only a live candidate link passes. Staff tokens fail here
 * (wrong key and audience), as candidate tokens fail on staff routes.
 */
export function candidateOnly(config: Config, db: Db): preHandlerAsyncHookHandler {
  const verify = linkVerifier(config);
  const verifyIgnoringExpiry = linkVerifier(config, { ignoreExpiration: true });
  return async (request) => {
    const token = tokenOf(request);
    const claims = token ? verify(token) : undefined;
    if (!claims || !(await linkIsLive(db, claims))) {
      // Told apart only for the candidate's HTML error page; the JSON answer stays the same.
      const stale = !claims && token ? verifyIgnoringExpiry(token) : undefined;
      refusals.set(request, claims ? await linkRefusal(db, claims) : stale ? 'expired' : 'invalid');
      throw unauthorized('This candidate link is invalid, expired or revoked. Ask the recruiter for a new one.');
    }
    request.candidate = claims;
  };
}

const refusals = new WeakMap<FastifyRequest, LinkRefusal>();

/** Why a candidate link was refused on this request (expired, revoked or invalid), if it was. */
export const refusalOf = (request: FastifyRequest): LinkRefusal => refusals.get(request) ?? 'invalid';

/** A browser asking for a page (text/html before application/json), not a client asking for JSON. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html !== -1 && (json === -1 || html < json);
}
