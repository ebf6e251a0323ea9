// The notification worker: polls the outbox, runs the reminder scan, delivers. Any number may
// run against one database (claims are SKIP LOCKED with a lease); time comes from `clock`, so
// tests move it forward instead of waiting.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Mailer } from '../mail/mailer.js';
import { deliver, DELIVERY_KIND, fanOut, LeaseLostError } from '../webhooks/deliver.js';
import { deleteDeliveriesBefore } from '../webhooks/queries.js';
import { SendAbortedError } from '../webhooks/send.js';
import { isEventType } from './events.js';
import { claimDue, complete, deleteFinished, fail, release, reschedule, type OutboxMessage } from './outbox.js';
import { REMINDER_KINDS, scheduleReminders, sendReminder, type ReminderKind } from './reminders.js';

export interface WorkerOptions {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'lateFeedbackHours' | 'webhookAllowPrivate' | 'outboxRetentionDays'>;
  mailer: Mailer;
  log: FastifyBaseLogger;
  /** The time the worker acts at (default: the wall clock). */
  clock?: () => Date;
  /** How often the outbox is polled (default 1 s: a due message goes out within seconds). */
  pollIntervalMs?: number;
  /** How often reminders are scheduled and old history swept (default 30 s). */
  scheduleIntervalMs?: number;
  /** How long a claim lasts before another worker may take the message (default 60 s). */
  leaseMs?: number;
  batchSize?: number;
  /** Webhook response timeout (default 10 s). */
  webhookTimeoutMs?: number;
  /** Longest wait in stop() for the pass in flight (default 10 s). */
  stopTimeoutMs?: number;
  /** Only these organizations' messages (tests sharing one database; sharding). */
  orgIds?: readonly string[];
}

export interface Worker {
  /** One scan (when due) and one batch; resolves with the number of messages handled. */
  runOnce(): Promise<number>;
  /** Repeats runOnce until nothing is due. */
  drain(): Promise<void>;
  /** Stops polling, aborts deliveries in flight (their messages are handed back) and waits for the current pass. */
  stop(): Promise<void>;
}

const MAIL_RETRY_MS = 60_000;
const MAIL_ATTEMPTS = 5;
const DAY_MS = 86_400_000;
/** Rows deleted per statement, and statements per sweep: a backlog (the first sweep after an upgrade) is worked off in short steps. */
const SWEEP_ROWS = 1000;
const SWEEP_STATEMENTS = 5;

/** Creates a worker; `start()` begins polling. */
export function createWorker(options: WorkerOptions): Worker & { start(): void } {
  const clock = options.clock ?? (() => new Date());
  const pollMs = options.pollIntervalMs ?? 1000;
  const scheduleMs = options.scheduleIntervalMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 10;
  const { db, log } = options;
  const abort = new AbortController();
  let lastScheduled = -Infinity;
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function handle(message: OutboxMessage, token: string): Promise<void> {
    const now = clock();
    if (isEventType(message.kind)) {
      await db.transaction(async (tx) => {
        await fanOut(tx, message);
        if (!(await complete(tx, message.id, token, now))) throw new LeaseLostError(`event ${message.id} was taken over`);
      });
    } else if (message.kind === DELIVERY_KIND) {
      await deliver(db, message, token, { allowPrivate: options.config.webhookAllowPrivate, timeoutMs: options.webhookTimeoutMs ?? 10_000, signal: abort.signal, now: clock });
    } else if (message.kind === 'interview.ended') {
      await scheduleReminders(db, options.config, now, { interviewId: (message.data as { interviewId: string }).interviewId, orgIds: options.orgIds });
      await complete(db, message.id, token, now);
    } else if ((REMINDER_KINDS as readonly string[]).includes(message.kind)) {
      try {
        await sendReminder(db, options.config, options.mailer, message.orgId, message.kind as ReminderKind, message.data as Record<string, string>, now);
        await complete(db, message.id, token, clock());
      } catch (error) {
        // Mail server trouble: try again a few times, then leave it failed for an operator to see.
        const reason = (error as Error).message.slice(0, 300);
        if (message.attempts < MAIL_ATTEMPTS) await reschedule(db, message.id, token, new Date(clock().getTime() + MAIL_RETRY_MS), reason);
        else await fail(db, message.id, token, clock(), reason);
      }
    } else {
      await fail(db, message.id, token, now, `unknown message kind ${message.kind}`);
    }
  }

  /** Deletes finished messages and delivery logs older than the retention, a few thousand at most per sweep. */
  async function sweep(now: Date) {
    const before = new Date(now.getTime() - options.config.outboxRetentionDays * DAY_MS);
    let messages = 0;
    let deliveries = 0;
    for (let i = 0; i < SWEEP_STATEMENTS; i++) {
      const sweptMessages = await deleteFinished(db, before, SWEEP_ROWS, options.orgIds);
      const sweptDeliveries = await deleteDeliveriesBefore(db, before, SWEEP_ROWS, options.orgIds);
      messages += sweptMessages;
      deliveries += sweptDeliveries;
      if (sweptMessages < SWEEP_ROWS && sweptDeliveries < SWEEP_ROWS) break;
    }
    if (messages + deliveries > 0) log.info({ messages, deliveries, before: before.toISOString() }, 'deleted finished notifications past their retention');
  }

  async function pass(): Promise<number> {
    const now = clock();
    if (now.getTime() - lastScheduled >= scheduleMs) {
      lastScheduled = now.getTime();
      await scheduleReminders(db, options.config, now, { orgIds: options.orgIds });
      await sweep(now);
    }
    const { token, messages } = await claimDue(db, now, leaseMs, batchSize, options.orgIds);
    for (const [index, message] of messages.entries()) {
      if (stopped) {
        for (const rest of messages.slice(index)) await release(db, rest.id, token);
        break;
      }
      try {
        await handle(message, token);
      } catch (error) {
        if (error instanceof SendAbortedError) await release(db, message.id, token);
        else if (error instanceof LeaseLostError) log.warn({ messageId: message.id }, 'outbox message taken over by another worker after its lease ran out');
        // Leave it claimed: the lease runs out and a worker tries again.
        else log.error({ err: error, messageId: message.id, kind: message.kind }, 'outbox message failed; it will be retried after its lease');
      }
    }
    return messages.length;
  }

  const runOnce = async (): Promise<number> => {
    while (running) await running.catch(() => 0);
    running = pass();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const tick = async () => {
    if (stopped) return;
    try {
      // A full batch means more may be waiting: go again at once.
      while (!stopped && (await runOnce()) >= batchSize);
    } catch (error) {
      log.error({ err: error }, 'notification worker pass failed; retrying');
    }
    if (!stopped) timer = setTimeout(tick, pollMs);
  };

  return {
    runOnce,
    async drain() {
      while ((await runOnce()) > 0);
    },
    start() {
      if (!timer && !stopped) timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort.abort();
      // A mail server that hangs must not hold shutdown: its message's lease runs out and another worker retries it.
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([running?.catch(() => 0), new Promise((resolve) => (bound = setTimeout(resolve, options.stopTimeoutMs ?? 10_000)))]);
      clearTimeout(bound);
    },
  };
}
