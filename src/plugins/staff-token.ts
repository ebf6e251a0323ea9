import { createSigner } from 'fast-jwt';
import { ConfigError, type Config } from '../config.js';
import type { Permission } from './auth.js';

/** Signs a staff token with the configured key, for the CLI, scripts and tests. */
export function mintStaffToken(config: Config, claims: { org: string; sub: string; permissions: Permission[] }, ttlHours = 12): string {
  const { jwt } = config;
  const key = jwt.algorithm === 'HS256' ? jwt.secret : jwt.privateKey;
  if (!key) throw new ConfigError(`JWT_PRIVATE_KEY is needed to mint ${jwt.algorithm} tokens.`);
  const sign = createSigner({ key, algorithm: jwt.algorithm, iss: jwt.issuer, aud: jwt.audience, expiresIn: ttlHours * 3_600_000 });
  return sign({ sub: claims.sub, org: claims.org, permissions: claims.permissions });
}
