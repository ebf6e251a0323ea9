import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { unauthorized } from '../errors.js';
import { text } from '../http/schemas.js';
import { linkIsLive, linkVerifier, type CandidateClaims } from './links.js';

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
  return async (request) => {
    const token = tokenOf(request);
    const claims = token ? verify(token) : undefined;
    if (!claims || !(await linkIsLive(db, claims))) {
      throw unauthorized('This candidate link is invalid, expired or revoked. Ask the recruiter for a new one.');
    }
    request.candidate = claims;
  };
}
