// Candidates and applications, written a batch at a time in one transaction.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { anyOf } from '../db/arrays.js';
import { newId } from '../db/ids.js';
import type { Db, Tx } from '../db/client.js';
import { applications, candidates } from '../db/schema.js';
import type { Dimensions } from './dimensions.js';
import { insertUnnest } from './bulk.js';
import { findLinks, fingerprint, saveLinks, type LinkScope } from './links.js';
import { Tally } from './tally.js';
import type { ApplicationIn, PersonIn, Position } from './types.js';

type CandidateIn = PersonIn & Partial<Position>;

const candidatePrint = (c: PersonIn) => fingerprint([c.name ?? null, c.email?.toLowerCase() ?? null]);

/**
 * Creates the candidates not imported before and updates those whose name or email changed in the
 * source, unless they have been erased here (erasure wins over a re-import). A reference that
 * does not say the name or email (undefined) creates a blank candidate and changes nothing.
 */
export async function writeCandidates(tx: Tx, scope: LinkScope, tally: Tally, people: CandidateIn[]): Promise<Map<string, string>> {
  const byId = new Map<string, CandidateIn>();
  for (const p of people) if (!byId.has(p.externalId) || p.name !== undefined || p.email !== undefined) byId.set(p.externalId, p);
  const links = await findLinks(tx, scope, 'candidate', [...byId.keys()]);
  const ids = new Map<string, string>();
  const fresh: { id: string; name: string | null; email: string | null }[] = [];
  const newLinks: Parameters<typeof saveLinks>[2] = [];
  let updated = 0;
  for (const [externalId, person] of byId) {
    const known = person.name !== undefined || person.email !== undefined;
    const link = links.get(externalId);
    if (link) {
      ids.set(externalId, link.targetId);
      if (known && link.fingerprint !== candidatePrint(person)) {
        const changed = await tx
          .update(candidates)
          .set({ name: person.name ?? null, email: person.email ?? null })
          .where(and(eq(candidates.id, link.targetId), isNull(candidates.erasedAt)))
          .returning({ id: candidates.id });
        updated += changed.length;
        newLinks.push({ kind: 'candidate', externalId, targetId: link.targetId, fingerprint: candidatePrint(person) });
      }
      continue;
    }
    const id = newId();
    ids.set(externalId, id);
    fresh.push({ id, name: person.name ?? null, email: person.email ?? null });
    newLinks.push({ kind: 'candidate', externalId, targetId: id, fingerprint: known ? candidatePrint(person) : '' });
  }
  await insertUnnest(tx, 'candidates', [
    ['id', 'uuid', fresh.map((c) => c.id)],
    ['org_id', 'uuid', fresh.map(() => scope.orgId)],
    ['name', 'text', fresh.map((c) => c.name)],
    ['email', 'text', fresh.map((c) => c.email)],
  ]);
  await saveLinks(tx, scope, newLinks);
  tally.create('candidates', fresh.length);
  tally.update('candidates', updated);
  return ids;
}

/** Applications of a batch: their roles first (committed on their own), then one transaction. */
export async function writeApplications(db: Db, dims: Dimensions, scope: LinkScope, tally: Tally, batch: ApplicationIn[]) {
  const roleIds = new Map<string, string>();
  for (const a of batch) roleIds.set(a.externalId, (await dims.role(a.role)).id);
  const counts = { created: 0, updated: 0 };
  const local = new Tally();
  await db.transaction(async (tx) => {
    const candidateIds = await writeCandidates(tx, scope, local, batch.map((a) => a.candidate));
    const links = await findLinks(tx, scope, 'application', batch.map((a) => a.externalId));
    const linkedRows = links.size
      ? await tx.select({ id: applications.id, status: applications.status }).from(applications).where(anyOf(applications.id, [...links.values()].map((l) => l.targetId), 'uuid'))
      : [];
    const statusOf = new Map(linkedRows.map((r) => [r.id, r.status]));
    const newLinks: Parameters<typeof saveLinks>[2] = [];
    const fresh: { externalId: string; print: string; row: { id: string; candidateId: string; roleId: string; status: ApplicationIn['status'] } }[] = [];
    for (const a of batch) {
      const roleId = roleIds.get(a.externalId)!;
      const candidateId = candidateIds.get(a.candidate.externalId)!;
      const print = fingerprint([roleId, candidateId, a.status]);
      const link = links.get(a.externalId);
      if (link && statusOf.has(link.targetId)) {
        if (link.fingerprint === print) continue;
        if (statusOf.get(link.targetId) !== a.status) {
          await tx.update(applications).set({ status: a.status, updatedAt: new Date() }).where(eq(applications.id, link.targetId));
          counts.updated++;
        }
        newLinks.push({ kind: 'application', externalId: a.externalId, targetId: link.targetId, fingerprint: print });
        continue;
      }
      fresh.push({ externalId: a.externalId, print, row: { id: newId(), candidateId, roleId, status: a.status } });
    }
    // One candidate for one job is one application here: a second source application of the
    // same pair joins the first (or a native one).
    if (fresh.length) {
      const rows = fresh.map((f) => f.row);
      const inserted = await insertUnnest<{ id: string }>(
        tx,
        'applications',
        [
          ['id', 'uuid', rows.map((r) => r.id)],
          ['org_id', 'uuid', rows.map(() => scope.orgId)],
          ['candidate_id', 'uuid', rows.map((r) => r.candidateId)],
          ['role_id', 'uuid', rows.map((r) => r.roleId)],
          ['status', 'text', rows.map((r) => r.status)],
        ],
        sql`on conflict do nothing returning id`,
      );
      counts.created += inserted.length;
      const mine = new Set(inserted.map((r) => r.id));
      const others = fresh.filter((f) => !mine.has(f.row.id));
      const existing = others.length
        ? await tx
            .select({ id: applications.id, candidateId: applications.candidateId, roleId: applications.roleId })
            .from(applications)
            .where(and(eq(applications.orgId, scope.orgId), anyOf(applications.candidateId, others.map((f) => f.row.candidateId), 'uuid')))
        : [];
      const pair = new Map(existing.map((r) => [`${r.candidateId}/${r.roleId}`, r.id]));
      for (const f of fresh) {
        const targetId = mine.has(f.row.id) ? f.row.id : pair.get(`${f.row.candidateId}/${f.row.roleId}`)!;
        newLinks.push({ kind: 'application', externalId: f.externalId, targetId, fingerprint: f.print });
      }
    }
    await saveLinks(tx, scope, newLinks);
  });
  tally.create('applications', counts.created);
  tally.update('applications', counts.updated);
  tally.create('candidates', local.created.candidates);
  tally.update('candidates', local.updated.candidates);
}
