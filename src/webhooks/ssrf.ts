// SSRF guard: a webhook may only reach public unicast addresses. Checked at registration (every
// address the host resolves to) and again at delivery, in the lookup the connection itself uses
// and on the socket it actually connected, so a DNS answer that changes in between cannot
// redirect a delivery to an internal service.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Public unicast only: loopback, private, link-local, unique-local, shared, reserved… are not. IPv4-mapped IPv6 is judged as IPv4. */
export function isPublicAddress(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

export class RefusedAddressError extends Error {
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
}

const bareHost = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

function resolveAll(hostname: string, timeoutMs: number): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer for ${hostname} within ${timeoutMs} ms`)), timeoutMs);
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(addresses);
    });
  });
}

/** Why this URL may not receive webhooks, or undefined when it may. */
export async function refusalOf(raw: string, allowPrivate: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https URLs can receive webhooks';
  if (url.username || url.password) return 'credentials in the URL are not accepted';
  if (allowPrivate) return undefined;
  const host = bareHost(url.hostname);
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? undefined : `${host} is not a public address`;
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host, 3000);
  } catch {
    return `${host} does not resolve`;
  }
  const refused = addresses.find((a) => !isPublicAddress(a.address));
  return refused ? `${host} resolves to ${refused.address}, which is not a public address` : undefined;
}

/** The lookup the delivery's connection uses: resolve, refuse any non-public answer, hand over what was checked. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true, family: options.family }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (refused || addresses.length === 0) {
        return callback(new RefusedAddressError(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`), '', 0);
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export { bareHost };
