// Real parts for the notification tests: a loopback SMTP server, a loopback webhook receiver
// that verifies every signature with the reference verifier, and a clock the test moves.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import type { FastifyBaseLogger } from 'fastify';
import { createMailer } from '../../src/mail/mailer.js';
import { createWorker, type WorkerOptions } from '../../src/notifications/worker.js';
import type { TestContext } from '../helpers/app.js';

export const silentLog = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => silentLog, level: 'silent' } as unknown as FastifyBaseLogger;

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** Decoded (quoted-printable soft breaks and escapes undone), for reading. */
  text: string;
}

export async function startSmtp() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mails,
    smtpUrl: `smtp://127.0.0.1:${port}`,
    to: (address: string) => mails.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedHook {
  id: string;
  body: string;
  status: number;
  verified: boolean;
}

/** Answers `failures` requests with 500 first, then 200; `hold` keeps requests open until released. */
export async function startReceiver(secret: () => string) {
  const received: ReceivedHook[] = [];
  const state = { failures: 0, hold: false };
  const held: { response: ServerResponse; arrived: ReceivedHook }[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        new Webhook(secret()).verify(body, request.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const status = state.failures > 0 ? (state.failures--, 500) : 200;
      const hook = { id: String(request.headers['webhook-id']), body, status, verified };
      received.push(hook);
      if (state.hold) {
        held.push({ response, arrived: hook });
        waiters.splice(0).forEach((w) => w());
        return;
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    state,
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    /** Resolves once a request is being held. */
    heldRequest: () => new Promise<void>((resolve) => (held.length ? resolve() : waiters.push(resolve))),
    releaseAll(status = 200) {
      for (const h of held.splice(0)) if (!h.response.destroyed) h.response.writeHead(status).end();
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A clock the test sets; starts at the real time. */
export function testClock(start = Date.now()) {
  let now = start;
  return {
    now: () => new Date(now),
    set: (at: Date | number) => (now = typeof at === 'number' ? at : at.getTime()),
    advance: (ms: number) => (now += ms),
  };
}

/** The wall clock plus an offset the test moves: for a worker that polls by itself. */
export function offsetClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advanceTo: (at: number) => (offset = Math.max(offset, at - Date.now())) };
}

/** A worker over the test database, limited to the test's organizations, scanning on every pass. */
export function testWorker(ctx: TestContext, orgIds: string[], clock: () => Date, extra: Partial<WorkerOptions> = {}) {
  const mailer = extra.mailer ?? createMailer(ctx.config, silentLog);
  return createWorker({ db: ctx.database.db, config: ctx.config, mailer, log: silentLog, clock, orgIds, scheduleIntervalMs: 0, ...extra });
}

export const HOUR = 3_600_000;

type Staff = { auth: { authorization: string } };

/** app.inject with a JSON body and a staff token. */
export function sender(ctx: TestContext) {
  return (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', who: Staff, url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
}

/** Markers planted in personal data and evidence: no mail or payload may carry them. */
export const MARKERS = { name: 'Zyxwq Markername', email: 'zyxwq.marker@candidate.test', evidence: 'EVIDENCE-MARKER-7f3a' };

/** A candidate (with the planted markers) applying to the role; returns the application id. */
export async function applyCandidate(ctx: TestContext, recruiter: Staff, roleId: string, suffix = Math.random().toString(36).slice(2, 8)) {
  const send = sender(ctx);
  const candidate = await send('POST', recruiter, '/candidates', { name: `${MARKERS.name} ${suffix}`, email: `${suffix}.${MARKERS.email}` });
  if (candidate.statusCode !== 201) throw new Error(candidate.body);
  const application = await send('POST', recruiter, '/applications', { candidateId: candidate.json().id, roleId });
  if (application.statusCode !== 201) throw new Error(application.body);
  return application.json().id as string;
}

export async function scheduleInterview(ctx: TestContext, recruiter: Staff, applicationId: string, body: { stepId: string; interviewerIds: string[]; startsAt: Date; endsAt: Date }) {
  const response = await sender(ctx)('POST', recruiter, `/applications/${applicationId}/interviews`, { ...body, startsAt: body.startsAt.toISOString(), endsAt: body.endsAt.toISOString() });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json().id as string;
}

/** Submits a scorecard rating every given criterion with the evidence marker; returns its id. */
export async function submitCard(ctx: TestContext, who: Staff, interviewId: string, criterionIds: string[]) {
  const response = await sender(ctx)('POST', who, `/interviews/${interviewId}/scorecard/submit`, {
    ratings: criterionIds.map((criterionId) => ({ criterionId, rating: 3, evidence: `${MARKERS.evidence}: described a concrete discovery cycle.` })),
    recommendation: 'yes',
  });
  if (response.statusCode !== 200) throw new Error(response.body);
  return response.json().id as string;
}

export function expectNoPersonalData(text: string) {
  for (const marker of ['Zyxwq', 'zyxwq', MARKERS.evidence]) {
    if (text.includes(marker)) throw new Error(`personal data or evidence leaked (${marker}) in: ${text.slice(0, 500)}`);
  }
}
