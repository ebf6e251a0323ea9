import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import { badRequest, unprocessable } from '../errors.js';

export interface MutationResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs a write in one transaction. With an Idempotency-Key header, the key row is inserted first
 * in that same transaction: a concurrent retry blocks on the primary key until the first attempt
 * commits (then replays its stored response) or rolls back (then runs as the first). A failed
 * attempt stores nothing, so it can be retried with the same key.
 */
export async function runMutation<T>(
  db: Db,
  request: FastifyRequest,
  status: number,
  work: (tx: Tx) => Promise<T>,
  /** What to keep for a replay, when the answer holds something shown once (a secret). */
  storedBody: (body: T) => T = (body) => body,
): Promise<MutationResult<T>> {
  const key = idempotencyKeyOf(request);
  if (!key) return { status, body: await db.transaction(work), replayed: false };

  const { orgId, userId } = request.staff;
  const requestHash = hashRequest(request);
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ orgId, userId, key, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [first] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
      if (!first || first.requestHash !== requestHash) {
        throw unprocessable('This Idempotency-Key was already used with a different request.');
      }
      return { status: first.statusCode ?? status, body: first.response as T, replayed: true };
    }
    const body = await work(tx);
    await tx
      .update(idempotencyKeys)
      .set({ statusCode: status, response: storedBody(body) as object })
      .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    return { status, body, replayed: false };
  });
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 200) throw badRequest('Idempotency-Key must be 1 to 200 characters.');
  return key;
}

function hashRequest(request: FastifyRequest): string {
  const route = request.routeOptions.url ?? request.url;
  return createHash('sha256')
    .update(`${request.method} ${route}\n${stableStringify(request.params)}\n${stableStringify(request.body)}`)
    .digest('hex');
}

// Same body with keys in another order is the same request.
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
