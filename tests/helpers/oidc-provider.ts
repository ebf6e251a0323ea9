// A real OpenID Connect provider (oidc-provider) on loopback, and a browser-like walk through its
// development login and consent forms, for the SSO tests.
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  verified: boolean;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /**
   * Follows an authorization URL as a browser would, signing in as `accountId` and consenting;
   * returns the URL the provider finally sends the browser to (our callback, with code and state).
   */
  signInAs(authorizationUrl: string, accountId: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startIdentityProvider(redirectUri: string): Promise<TestIdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const accounts = new Map<string, TestAccount>();
  const clientId = 'hiring-scorecards';
  const clientSecret = 'a-client-secret-for-the-test-provider-0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...(account.email ? { email: account.email, email_verified: account.verified } : {}) }) };
    },
  });
  server.on('request', provider.callback());

  async function signInAs(authorizationUrl: string, accountId: string): Promise<URL> {
    const jar = new Map<string, string>();
    const remember = (response: Response) => {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const [name, ...value] = pair!.split('=');
        jar.set(name!.trim(), value.join('='));
      }
    };
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let url = new URL(authorizationUrl);
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 12; hop++) {
      if (url.origin !== issuer) return url; // back to the relying party
      const response = await fetch(url, { method: body ? 'POST' : 'GET', body, redirect: 'manual', headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
      remember(response);
      body = undefined;
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url);
        continue;
      }
      // A development interaction page: fill its form.
      const page = await response.text();
      if (page.includes('name="prompt" value="login"')) body = new URLSearchParams({ prompt: 'login', login: accountId, password: 'any' });
      else if (page.includes('name="prompt" value="consent"')) body = new URLSearchParams({ prompt: 'consent' });
      else throw new Error(`unexpected page from the identity provider: ${response.status} ${page.slice(0, 300)}`);
    }
    throw new Error('too many redirects at the identity provider');
  }

  return { issuer, clientId, clientSecret, accounts, signInAs, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
