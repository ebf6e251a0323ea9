// Candidate links: HS256 tokens for the audience `candidate`, bound to one application, with an
// id (jti) so a recruiter can revoke them, checked against the database on every use.
import { and, eq, isNull } from 'drizzle-orm';
import { createSigner, createVerifier } from 'fast-jwt';
import type { Config } from '../config.js';
import type { Queryable } from '../db/client.js';
import { applications, candidateLinks, candidates } from '../db/schema.js';

export const CANDIDATE_AUDIENCE = 'candidate';
export const DEFAULT_LINK_DAYS = 14;
export const MAX_LINK_DAYS = 30;

export interface CandidateClaims {
  orgId: string;
  applicationId: string;
  candidateId: string;
  linkId: string;
}

export function linkSigner(config: Config) {
  const sign = createSigner({ key: config.candidateLinkSecret, algorithm: 'HS256', iss: config.jwt.issuer, aud: CANDIDATE_AUDIENCE });
  return (claims: CandidateClaims, expiresAt: Date) =>
    sign({ sub: claims.candidateId, org: claims.orgId, app: claims.applicationId, jti: claims.linkId, exp: Math.floor(expiresAt.getTime() / 1000) });
}

/** Verifies signature, algorithm, issuer, audience and expiry; undefined for any bad token. */
export function linkVerifier(config: Config, options: { ignoreExpiration?: boolean } = {}) {
  const verify = createVerifier({
    ignoreExpiration: options.ignoreExpiration ?? false,
    key: config.candidateLinkSecret,
    algorithms: ['HS256'],
    allowedIss: config.jwt.issuer,
    allowedAud: CANDIDATE_AUDIENCE,
    requiredClaims: ['exp', 'iss', 'aud', 'sub', 'org', 'app', 'jti'],
  });
  return (token: string): CandidateClaims | undefined => {
    try {
      const payload = verify(token) as { sub: string; org: string; app: string; jti: string };
      return { orgId: payload.org, applicationId: payload.app, candidateId: payload.sub, linkId: payload.jti };
    } catch {
      return undefined;
    }
  };
}

/** The link row must exist, match the token, be neither revoked nor expired, and the candidate not erased. */
export async function linkIsLive(db: Queryable, claims: CandidateClaims): Promise<boolean> {
  const rows = await db
    .select({ expiresAt: candidateLinks.expiresAt })
    .from(candidateLinks)
    .innerJoin(applications, eq(applications.id, candidateLinks.applicationId))
    .innerJoin(candidates, eq(candidates.id, candidateLinks.candidateId))
    .where(
      and(
        eq(candidateLinks.id, claims.linkId),
        eq(candidateLinks.orgId, claims.orgId),
        eq(candidateLinks.applicationId, claims.applicationId),
        eq(candidateLinks.candidateId, claims.candidateId),
        eq(applications.candidateId, claims.candidateId),
        isNull(candidateLinks.revokedAt),
        isNull(candidates.erasedAt),
      ),
    );
  return rows.length === 1 && rows[0]!.expiresAt > new Date();
}

export type LinkRefusal = 'expired' | 'revoked' | 'invalid';

/** Why a correctly signed link is not live: revoked (or the candidate erased), expired, or unknown. */
export async function linkRefusal(db: Queryable, claims: CandidateClaims): Promise<LinkRefusal> {
  const [row] = await db
    .select({ expiresAt: candidateLinks.expiresAt, revokedAt: candidateLinks.revokedAt })
    .from(candidateLinks)
    .where(and(eq(candidateLinks.id, claims.linkId), eq(candidateLinks.orgId, claims.orgId)));
  if (!row) return 'invalid';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= new Date() ? 'expired' : 'revoked';
}

/** When the link expires, for the candidate's page. */
export async function linkExpiry(db: Queryable, claims: CandidateClaims): Promise<Date | undefined> {
  const [row] = await db.select({ expiresAt: candidateLinks.expiresAt }).from(candidateLinks).where(and(eq(candidateLinks.id, claims.linkId), eq(candidateLinks.orgId, claims.orgId)));
  return row?.expiresAt;
}
