import { createHash } from 'node:crypto';
import { and, eq, inArray, or } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import { badRequest, gone, unprocessable } from '../errors.js';

/** Whose personal data a stored reply may quote: erasure purges replies by these ids. */
export interface ReplyOwner {
  candidateId?: string | null;
  applicationId?: string | null;
}

/** The status a purged reply keeps, so a replay neither re-runs the write nor returns erased data. */
export const ERASED_REPLY_STATUS = 410;

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
 *
 * The stored reply is tagged with the candidate and application it is about: by default the
 * route's `candidateId`/`applicationId` path parameters or the reply's fields of those names;
 * `owner` says it for replies that name their candidate otherwise (a created candidate's `id`).
 */
export async function runMutation<T>(
  db: Db,
  request: FastifyRequest,
  status: number,
  work: (tx: Tx) => Promise<T>,
  options: {
    /** Whose personal data the stored reply holds, so erasure can find it (default: from the path and reply ids). */
    owner?: (body: T) => ReplyOwner;
    /** What to keep for a replay, when the answer holds something shown once (a secret). */
    storedBody?: (body: T) => T;
    /** What identifies the request besides its parsed body: a multipart upload's digest (its body is streamed, not parsed). */
    content?: string;
  } = {},
): Promise<MutationResult<T>> {
  const key = idempotencyKeyOf(request);
  if (!key) return { status, body: await db.transaction(work), replayed: false };

  const { orgId, userId } = request.staff;
  const requestHash = hashRequest(request, options.content);
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
      if (first.statusCode === ERASED_REPLY_STATUS) {
        throw gone('This request was carried out, but its reply quoted a candidate whose data has since been erased.');
      }
      return { status: first.statusCode ?? status, body: first.response as T, replayed: true };
    }
    const body = await work(tx);
    const { candidateId = null, applicationId = null } = (options.owner ?? ((reply: T) => defaultOwner(request.params, reply)))(body);
    await tx
      .update(idempotencyKeys)
      .set({ statusCode: status, response: (options.storedBody ? options.storedBody(body) : body) as object, candidateId, applicationId })
      .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    return { status, body, replayed: false };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idField = (source: unknown, name: string): string | null => {
  const value = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && UUID.test(value) ? value : null;
};

function defaultOwner(params: unknown, body: unknown): ReplyOwner {
  return {
    candidateId: idField(params, 'candidateId') ?? idField(body, 'candidateId'),
    applicationId: idField(params, 'applicationId') ?? idField(body, 'applicationId'),
  };
}

/**
 * Erasure: the stored replies about a candidate lose their bodies but keep their keys, so a
 * retry with an old key is answered 410 instead of running the write a second time.
 */
export async function purgeStoredReplies(tx: Tx, orgId: string, candidateId: string, applicationIds: string[]) {
  const about = applicationIds.length
    ? or(eq(idempotencyKeys.candidateId, candidateId), inArray(idempotencyKeys.applicationId, applicationIds))
    : eq(idempotencyKeys.candidateId, candidateId);
  const purged = await tx
    .update(idempotencyKeys)
    .set({ statusCode: ERASED_REPLY_STATUS, response: null })
    .where(and(eq(idempotencyKeys.orgId, orgId), about))
    .returning({ key: idempotencyKeys.key });
  return purged.length;
}

export const hasIdempotencyKey = (request: FastifyRequest) => request.headers['idempotency-key'] !== undefined;

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 200) throw badRequest('Idempotency-Key must be 1 to 200 characters.');
  return key;
}

function hashRequest(request: FastifyRequest, content?: string): string {
  const route = request.routeOptions.url ?? request.url;
  return createHash('sha256')
    .update(`${request.method} ${route}\n${stableStringify(request.params)}\n${stableStringify(request.body)}${content === undefined ? '' : `\n${content}`}`)
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
