import * as oidc from 'openid-client';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { consumeToken, issueToken } from './tokens.js';

const SSO_MINUTES = 10;
export const SSO_COOKIE = 'hs_sso';

interface PendingSso {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type SsoResult = { kind: 'verified'; email: string } | { kind: 'refused'; reason: 'unverified_email' | 'no_email' | 'failed' };

/**
 * OpenID Connect authorization code flow with PKCE, state and nonce, through openid-client. The
 * provider's metadata is discovered on first use and kept for the life of the app.
 */
export function createSso(config: Config, db: Db) {
  const settings = config.oidc;
  if (!settings) return undefined;
  const redirectUri = new URL('/sign-in/sso/callback', config.publicUrl).href;
  let discovered: Promise<oidc.Configuration> | undefined;
  const provider = () => {
    discovered ??= discover(settings).catch((error) => {
      discovered = undefined; // a provider that was down at first use is tried again next time
      throw error;
    });
    return discovered;
  };

  return {
    /** Where to send the browser, and the cookie that carries the flow's secrets back to us. */
    async start(): Promise<{ url: string; cookie: string }> {
      const pending: PendingSso = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
      const cookie = await issueToken(db, { purpose: 'sso', ttlMs: SSO_MINUTES * 60_000, data: pending });
      const url = oidc.buildAuthorizationUrl(await provider(), {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, cookie };
    },

    /** Checks the provider's answer against this browser's pending flow; only a verified email comes out. */
    async finish(cookie: string | undefined, callbackQuery: string): Promise<SsoResult> {
      const row = cookie ? await consumeToken(db, cookie, ['sso']) : null;
      if (!row) return { kind: 'refused', reason: 'failed' };
      const pending = row.data as PendingSso;
      try {
        const configuration = await provider();
        const tokens = await oidc.authorizationCodeGrant(configuration, new URL(`${redirectUri}?${callbackQuery}`), {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims()!;
        // Many providers put email claims in the ID token only when no access token is issued;
        // otherwise they come from the UserInfo endpoint, bound to the ID token's subject.
        const claims = typeof idToken.email === 'string' ? idToken : await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        if (!claims.email || typeof claims.email !== 'string') return { kind: 'refused', reason: 'no_email' };
        if (claims.email_verified !== true) return { kind: 'refused', reason: 'unverified_email' };
        return { kind: 'verified', email: claims.email };
      } catch {
        // A wrong state or nonce, a replayed code, a bad signature: all the same to the person.
        return { kind: 'refused', reason: 'failed' };
      }
    },
  };
}

export type Sso = NonNullable<ReturnType<typeof createSso>>;

async function discover(settings: NonNullable<Config['oidc']>) {
  const issuer = new URL(settings.issuer);
  // Plain http only for a provider on this machine (local development and the test suite).
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  // client_secret_basic: the OpenID Connect default every provider supports.
  return oidc.discovery(issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), loopback && issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined);
}
