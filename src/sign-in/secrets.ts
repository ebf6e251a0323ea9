import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits, URL-safe: for cookies, mailed links, API keys and CSRF tokens. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** What the database keeps of a secret: high-entropy secrets need no slow hash, only a one-way one. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
