import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { forbidden, unauthorized } from '../errors.js';
import { text } from '../http/schemas.js';
import { resolveStaffUser } from '../users/queries.js';

export const permissions = ['admin', 'recruiter', 'interviewer'] as const;
export type Permission = (typeof permissions)[number];

/** Who is calling: set on every authenticated staff request. */
export interface StaffContext {
  orgId: string;
  userId: string;
  sub: string;
  permissions: Permission[];
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

  // (org, sub) → user id never changes once provisioned, so each app keeps a bounded map of them
  // and skips the lookup on hot paths. Permissions still come from each token.
  const knownUsers = new Map<string, string>();
  const rememberUser = (key: string, userId: string) => {
    if (knownUsers.size >= 50_000) knownUsers.delete(knownUsers.keys().next().value!);
    knownUsers.set(key, userId);
  };

  app.decorate('authenticateStaff', async (request: FastifyRequest) => {
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
    const key = `${claims.data.org}/${claims.data.sub}`;
    let userId = knownUsers.get(key);
    if (!userId) {
      const user = await resolveStaffUser(db, claims.data);
      if (!user) throw unauthorized('The token names an unknown organization.');
      userId = user.id;
      rememberUser(key, userId);
    }
    request.staff = { orgId: claims.data.org, userId, sub: claims.data.sub, permissions: claims.data.permissions };
  });
}

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
