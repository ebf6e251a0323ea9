import '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { forbidden, unauthorized } from '../errors.js';
import { API_KEY_PREFIX, authenticateApiKey } from '../api-keys/queries.js';
import { text } from '../http/schemas.js';
import { SESSION_COOKIE, findSession } from '../sign-in/sessions.js';
import { sameSecret } from '../sign-in/secrets.js';
import { resolveStaffUser } from '../users/queries.js';

// compliance: the roles' design and the adverse-impact report, nothing about candidates.
export const permissions = ['admin', 'recruiter', 'interviewer', 'compliance'] as const;
export type Permission = (typeof permissions)[number];

/** Who is calling: set on every authenticated staff request. */
export interface StaffContext {
  orgId: string;
  userId: string;
  sub: string;
  permissions: Permission[];
  /** How the caller proved who they are; sessions also carry the page's CSRF token. */
  via: 'jwt' | 'api_key' | 'session';
  sessionId?: string;
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffContext;
  }
}

const staffClaims = z.object({
  sub: text({ max: 200, trim: false }),
  org: z.uuid(),
  permissions: z.array(z.enum(permissions)).default([]),
  // Optional profile claims, taken when the token provisions its user; a malformed one is ignored.
  name: text({ max: 200 }).optional().catch(undefined),
  email: z.email().max(320).optional().catch(undefined),
});

/**
 * Staff JWTs are verified strictly: one pinned algorithm (so `none` or another HMAC variant is
 * refused), and iss, aud, exp, sub and org all required. Every verification failure is a 401.
 */
export async function registerStaffAuth(app: FastifyInstance, config: Config, db: Db) {
  const { jwt } = config;
  const verifyKey = jwt.algorithm === 'HS256' ? jwt.secret : jwt.publicKey;
  await app.register(fastifyJwt, {
    secret: jwt.algorithm === 'HS256' ? jwt.secret : { public: jwt.publicKey, private: jwt.privateKey ?? jwt.publicKey },
    sign: { algorithm: jwt.algorithm, iss: jwt.issuer, aud: jwt.audience },
    verify: {
      algorithms: [jwt.algorithm],
      allowedIss: jwt.issuer,
      allowedAud: jwt.audience,
      requiredClaims: ['exp', 'iss', 'aud', 'sub', 'org'],
      key: verifyKey,
      // Verified tokens are cached (keyed by a hash of the token, honouring exp) per app.
      cache: 10_000,
    },
  });

  app.decorateRequest('staff', null as unknown as StaffContext);

  const verifyJwt = async (request: FastifyRequest): Promise<StaffContext> => {
    let payload: unknown;
    try {
      payload = await request.jwtVerify();
    } catch {
      // Never echo the library's reason: it can describe the token.
      throw unauthorized('The bearer token is missing, malformed, expired, or not issued for this service.');
    }
    if ((payload as { aud?: unknown }).aud === 'candidate') throw unauthorized('Candidate links cannot call staff routes.');
    const claims = staffClaims.safeParse(payload);
    if (!claims.success) throw unauthorized('The token lacks valid sub, org or permissions claims.');
    // Looked up on every request (no cache): deactivating a user must stop their tokens at once,
    // on every instance of the service.
    const user = await resolveStaffUser(db, claims.data);
    if (!user) throw unauthorized('The token names an unknown organization.');
    if (!user.active) throw unauthorized('This user has been deactivated.');
    return { orgId: claims.data.org, userId: user.id, sub: claims.data.sub, permissions: claims.data.permissions, via: 'jwt' };
  };

  const verifyApiKey = async (key: string): Promise<StaffContext> => {
    const owner = await authenticateApiKey(db, key);
    if (!owner) throw unauthorized('The API key is unknown, revoked or expired, or its owner has been deactivated.');
    return { orgId: owner.orgId, userId: owner.userId, sub: owner.sub, permissions: owner.permissions as Permission[], via: 'api_key' };
  };

  const verifySession = async (request: FastifyRequest, cookie: string): Promise<StaffContext> => {
    const session = await findSession(db, cookie, config.session);
    if (!session) throw unauthorized('Your session has ended; sign in again.');
    if (!SAFE_METHODS.has(request.method)) {
      // Browsers attach the cookie to cross-site requests too; a write must prove it came from our page.
      // A multipart upload form carries it in its action's query: the body streams after authentication.
      const multipart = String(request.headers['content-type'] ?? '').startsWith('multipart/form-data');
      const sent = request.headers['x-csrf-token'] ?? (request.body as { _csrf?: unknown } | undefined)?._csrf ?? (multipart ? (request.query as { _csrf?: unknown } | undefined)?._csrf : undefined);
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
        throw forbidden('The CSRF token is missing or wrong: reload the page and try again.');
      }
    }
    return {
      orgId: session.orgId,
      userId: session.userId,
      sub: session.sub,
      permissions: session.permissions as Permission[],
      via: 'session',
      sessionId: session.sessionId,
      csrfToken: session.csrfToken,
    };
  };

  app.decorate('authenticateStaff', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const cookie = request.cookies[SESSION_COOKIE];
    if (header?.startsWith(`Bearer ${API_KEY_PREFIX}`)) request.staff = await verifyApiKey(header.slice('Bearer '.length));
    else if (header || !cookie) request.staff = await verifyJwt(request);
    else request.staff = await verifySession(request, cookie);
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyInstance {
    authenticateStaff(request: FastifyRequest): Promise<void>;
  }
}

export function hasPermission(staff: StaffContext, permission: Permission): boolean {
  return staff.permissions.includes('admin') || staff.permissions.includes(permission);
}

/**
 * preHandler for staff routes: authenticates, then requires any one of `allowed` (admin always
 * passes). With no permission listed, any authenticated staff member passes; finer checks such as
 * "the role's decision owner" happen in the route against the data.
 */
export function staffOnly(app: FastifyInstance, ...allowed: Permission[]): preHandlerAsyncHookHandler {
  return async (request) => {
    await app.authenticateStaff(request);
    if (allowed.length === 0) return;
    if (!allowed.some((p) => hasPermission(request.staff, p))) {
      throw forbidden(`This action needs the ${allowed.join(' or ')} permission.`);
    }
  };
}

/** OpenAPI security requirement for staff routes. */
export const staffSecurity = [{ staffToken: [] }];
