// The durable outbox. Producers call enqueue inside the transaction of their change; workers
// claim due messages with FOR UPDATE SKIP LOCKED under a lease and finish them with the lease's
// token, so a message is handled by one worker at a time and picked up again if that one dies.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { outboxMessages } from '../db/schema.js';
import { deleteOldest } from '../db/sweep.js';
import type { EventData, EventType } from './events.js';

export type OutboxMessage = typeof outboxMessages.$inferSelect;

export interface NewMessage {
  orgId: string;
  kind: string;
  data: object;
  dueAt?: Date;
  dedupeKey?: string;
}

/** Adds a message; with a dedupe key already present it does nothing (returns false). */
export async function enqueue(tx: Queryable, message: NewMessage): Promise<boolean> {
  const now = new Date();
  const rows = await tx
    .insert(outboxMessages)
    .values({ orgId: message.orgId, kind: message.kind, data: message.data, dueAt: message.dueAt ?? now, dedupeKey: message.dedupeKey ?? null, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: outboxMessages.id });
  return rows.length > 0;
}

/** A change other systems may hear about: call it in the transaction that makes the change. */
export async function enqueueEvent(tx: Queryable, type: EventType, data: EventData): Promise<void> {
  await enqueue(tx, { orgId: data.orgId, kind: type, data });
}

/** An interview's end: due at its end time, when it starts the scorecard reminders. */
export async function enqueueInterviewEnded(tx: Queryable, interview: { orgId: string; id: string; endsAt: Date }): Promise<void> {
  await enqueue(tx, { orgId: interview.orgId, kind: 'interview.ended', data: { interviewId: interview.id }, dueAt: interview.endsAt });
}

export interface Claim {
  token: string;
  messages: OutboxMessage[];
}

/** Claims up to `limit` due messages for `leaseMs`, in one short statement. */
export async function claimDue(db: Queryable, now: Date, leaseMs: number, limit: number, orgIds?: readonly string[]): Promise<Claim> {
  const token = randomUUID();
  const due = db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.status, 'pending'),
        lte(outboxMessages.dueAt, now),
        or(isNull(outboxMessages.lockedUntil), lte(outboxMessages.lockedUntil, now)),
        orgIds ? inArray(outboxMessages.orgId, [...orgIds]) : undefined,
      ),
    )
    .orderBy(asc(outboxMessages.dueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  const messages = await db
    .update(outboxMessages)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs), leaseToken: token, attempts: sqlIncrement() })
    .where(inArray(outboxMessages.id, due))
    .returning();
  return { token, messages: messages.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()) };
}

const sqlIncrement = () => sql`${outboxMessages.attempts} + 1`;

const held = (id: string, token: string) => and(eq(outboxMessages.id, id), eq(outboxMessages.leaseToken, token), eq(outboxMessages.status, 'pending'));

/** Marks the message done; false when the lease was lost (another worker owns it now). */
export async function complete(db: Queryable, id: string, token: string, now: Date): Promise<boolean> {
  const rows = await db.update(outboxMessages).set({ status: 'done', finishedAt: now, lockedUntil: null, leaseToken: null, lastError: null }).where(held(id, token)).returning({ id: outboxMessages.id });
  return rows.length > 0;
}

/** Puts the message back for another attempt at `dueAt`. */
export async function reschedule(db: Queryable, id: string, token: string, dueAt: Date, error: string): Promise<boolean> {
  const rows = await db.update(outboxMessages).set({ dueAt, lockedUntil: null, leaseToken: null, lastError: error }).where(held(id, token)).returning({ id: outboxMessages.id });
  return rows.length > 0;
}

/** Gives up on the message. */
export async function fail(db: Queryable, id: string, token: string, now: Date, error: string): Promise<boolean> {
  const rows = await db.update(outboxMessages).set({ status: 'failed', finishedAt: now, lockedUntil: null, leaseToken: null, lastError: error }).where(held(id, token)).returning({ id: outboxMessages.id });
  return rows.length > 0;
}

/** Deletes up to `limit` messages that finished (done or failed) before `before`, oldest first; pending messages stay whatever their age. */
export function deleteFinished(db: Queryable, before: Date, limit: number, orgIds?: readonly string[]): Promise<number> {
  const finished = and(sql`${outboxMessages.status} <> 'pending'`, orgIds ? inArray(outboxMessages.orgId, [...orgIds]) : undefined);
  return deleteOldest(db, outboxMessages, { id: outboxMessages.id, time: outboxMessages.finishedAt }, before, limit, finished);
}

/** Hands an unfinished message back at once (a clean stop), without counting it as a failure. */
export async function release(db: Queryable, id: string, token: string): Promise<void> {
  await db.update(outboxMessages).set({ lockedUntil: null, leaseToken: null, attempts: sql`greatest(${outboxMessages.attempts} - 1, 0)` }).where(held(id, token));
}
