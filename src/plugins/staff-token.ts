import { createSigner } from 'fast-jwt';
import { ConfigError, type Config } from '../config.js';
import type { Permission } from './auth.js';

export interface StaffClaims {
  org: string;
  sub: string;
  permissions: Permission[];
  /** Used when the token provisions its user: the name and email other people see. */
  name?: string;
  email?: string;
}

/** Signs a staff token with the configured key, for the CLI, scripts and tests. */
export function mintStaffToken(config: Pick<Config, 'jwt'>, claims: StaffClaims, ttlHours = 12): string {
  const { jwt } = config;
  const key = jwt.algorithm === 'HS256' ? jwt.secret : jwt.privateKey;
  if (!key) throw new ConfigError(`JWT_PRIVATE_KEY is needed to mint ${jwt.algorithm} tokens.`);
  const sign = createSigner({ key, algorithm: jwt.algorithm, iss: jwt.issuer, aud: jwt.audience, expiresIn: ttlHours * 3_600_000 });
  const profile = { ...(claims.name ? { name: claims.name } : {}), ...(claims.email ? { email: claims.email } : {}) };
  return sign({ sub: claims.sub, org: claims.org, permissions: claims.permissions, ...profile });
}
