// One signed POST to a webhook URL, per the Standard Webhooks specification: no redirects
// followed, a hard timeout, and the SSRF guard on the address actually connected to.
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { Webhook } from 'standardwebhooks';
import { bareHost, guardedLookup, isPublicAddress } from './ssrf.js';

export interface SendResult {
  ok: boolean;
  status?: number;
  error?: string;
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  /** Aborted when the worker stops: the attempt is then not recorded (the message is handed back). */
  signal?: AbortSignal;
}

/** The Standard Webhooks headers for this message; the timestamp is the wall clock of the send, which receivers compare with theirs. */
export function signedHeaders(secret: string, messageId: string, body: string, now = new Date()): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, now, body),
  };
}

export class SendAbortedError extends Error {}

export function postSigned(url: string, secret: string, messageId: string, body: string, options: SendOptions): Promise<SendResult> {
  const target = new URL(url);
  const host = bareHost(target.hostname);
  if (!options.allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) {
    return Promise.resolve({ ok: false, error: `${host} is not a public address` });
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(target, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(options.allowPrivate),
      headers: { ...signedHeaders(secret, messageId, body), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'hiring-scorecards-webhooks' },
    });
    const timer = setTimeout(() => request.destroy(new Error(`no response within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    const onAbort = () => {
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(new SendAbortedError('the worker stopped during the delivery'));
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('socket', (socket) => {
      socket.on('connect', () => {
        if (!options.allowPrivate && !isPublicAddress(socket.remoteAddress)) request.destroy(new Error(`connected to ${socket.remoteAddress}, which is not a public address`));
      });
    });
    request.on('response', (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      // A redirect is an answer, not an instruction: it counts as a failure and is not followed.
      finish(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` });
    });
    request.on('error', (error) => finish({ ok: false, error: error.message.slice(0, 300) }));
    request.on('close', () => options.signal?.removeEventListener('abort', onAbort));
    request.end(body);
  });
}
