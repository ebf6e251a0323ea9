// The few, often repeated things scorecards point at (users, roles, steps, criteria): created or
// found once per import and then served from memory. Each is written in its own short statement
// and committed at once, so a failed scorecard batch never leaves a cached id that was rolled back.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { criteria, roles, steps, users } from '../db/schema.js';
import { barOf } from './scales.js';
import { findLinks, fingerprint, saveLinks, type LinkScope } from './links.js';
import type { Tally } from './tally.js';
import type { PersonIn, RoleIn } from './types.js';

export interface RoleRef {
  id: string;
  levels: number;
}

export class Dimensions {
  private readonly users = new Map<string, string>();
  private readonly roles = new Map<string, RoleRef>();
  private readonly rolesById = new Map<string, RoleRef>();
  private readonly steps = new Map<string, string>();
  private readonly criteria = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly scope: LinkScope,
    private readonly scale: string[],
    private readonly tally: Tally,
  ) {}

  /**
   * An interviewer as a user: the one imported before, else an existing user with the same email,
   * else a new user without permissions (they can be granted some later).
   */
  async user(person: PersonIn): Promise<string> {
    const cached = this.users.get(person.externalId);
    if (cached) return cached;
    const name = person.name ?? null;
    const email = person.email?.toLowerCase() ?? null;
    const print = fingerprint([name, email]);
    const link = (await findLinks(this.db, this.scope, 'user', [person.externalId])).get(person.externalId);
    if (link) {
      if (link.fingerprint !== print && (name || email)) {
        // Only users the import created (no permissions, import sub) follow the source's edits.
        const changed = await this.db
          .update(users)
          .set({ ...(name ? { name } : {}), ...(email ? { email } : {}) })
          .where(and(eq(users.id, link.targetId), sql`${users.permissions} = '{}'::text[]`, sql`${users.sub} like 'import:%'`, sql`not exists (select 1 from users o where o.org_id = ${this.scope.orgId} and o.email = ${email} and o.id <> ${link.targetId})`))
          .returning({ id: users.id });
        if (changed.length) this.tally.update('users');
        await saveLinks(this.db, this.scope, [{ kind: 'user', externalId: person.externalId, targetId: link.targetId, fingerprint: print }]);
      }
      this.users.set(person.externalId, link.targetId);
      return link.targetId;
    }
    let userId: string | undefined;
    if (email) {
      const [match] = await this.db.select({ id: users.id }).from(users).where(and(eq(users.orgId, this.scope.orgId), sql`lower(${users.email}) = ${email}`)).limit(1);
      userId = match?.id;
    }
    if (!userId) {
      const sub = `import:${this.scope.source}:${person.externalId}`;
      const [inserted] = await this.db.insert(users).values({ orgId: this.scope.orgId, sub, email, name, permissions: [] }).onConflictDoNothing().returning({ id: users.id });
      if (inserted) this.tally.create('users');
      userId = inserted?.id ?? (await this.db.select({ id: users.id }).from(users).where(and(eq(users.orgId, this.scope.orgId), eq(users.sub, sub))))[0]?.id;
      if (!userId) throw new Error('user could not be created');
    }
    await saveLinks(this.db, this.scope, [{ kind: 'user', externalId: person.externalId, targetId: userId, fingerprint: print }]);
    this.users.set(person.externalId, userId);
    return userId;
  }

  /**
   * The users of a batch at once: links in one query, email matches in one, new users in one
   * insert. Anything unusual (an edited user, a conflict) takes the one-at-a-time path.
   */
  async usersOf(people: PersonIn[]): Promise<void> {
    const fresh = new Map<string, PersonIn>();
    for (const p of people) if (!this.users.has(p.externalId)) fresh.set(p.externalId, p);
    if (fresh.size === 0) return;
    const links = await findLinks(this.db, this.scope, 'user', [...fresh.keys()]);
    const slow: PersonIn[] = [];
    for (const [externalId, link] of links) {
      const p = fresh.get(externalId)!;
      if (link.fingerprint === fingerprint([p.name ?? null, p.email?.toLowerCase() ?? null])) this.users.set(externalId, link.targetId);
      else slow.push(p);
      fresh.delete(externalId);
    }
    const emails = [...fresh.values()].map((p) => p.email?.toLowerCase()).filter((e): e is string => !!e);
    const byEmail = new Set(
      emails.length ? (await this.db.select({ email: users.email }).from(users).where(and(eq(users.orgId, this.scope.orgId), inArray(sql`lower(${users.email})`, emails)))).map((u) => u.email!.toLowerCase()) : [],
    );
    const insert = [...fresh.values()].filter((p) => !p.email || !byEmail.has(p.email.toLowerCase()));
    slow.push(...[...fresh.values()].filter((p) => p.email && byEmail.has(p.email.toLowerCase())));
    if (insert.length) {
      const rows = await this.db
        .insert(users)
        .values(insert.map((p) => ({ orgId: this.scope.orgId, sub: `import:${this.scope.source}:${p.externalId}`, email: p.email?.toLowerCase() ?? null, name: p.name ?? null, permissions: [] })))
        .onConflictDoNothing()
        .returning({ id: users.id, sub: users.sub });
      const made = new Map(rows.map((r) => [r.sub, r.id]));
      const newLinks = [];
      for (const p of insert) {
        const id = made.get(`import:${this.scope.source}:${p.externalId}`);
        if (!id) {
          slow.push(p);
          continue;
        }
        newLinks.push({ kind: 'user' as const, externalId: p.externalId, targetId: id, fingerprint: fingerprint([p.name ?? null, p.email?.toLowerCase() ?? null]) });
        this.users.set(p.externalId, id);
      }
      await saveLinks(this.db, this.scope, newLinks);
      this.tally.create('users', newLinks.length);
    }
    for (const p of slow) await this.user(p);
  }

  /** A job or posting as a role: created closed; a role that exists keeps its status. */
  async role(role: RoleIn): Promise<RoleRef> {
    const cached = this.roles.get(role.externalId);
    if (cached) return cached;
    const print = fingerprint([role.title]);
    const link = (await findLinks(this.db, this.scope, 'role', [role.externalId])).get(role.externalId);
    let ref: RoleRef | undefined;
    if (link) {
      const [row] = await this.db.select({ id: roles.id, scale: roles.scaleLabels }).from(roles).where(and(eq(roles.orgId, this.scope.orgId), eq(roles.id, link.targetId)));
      if (row) {
        ref = { id: row.id, levels: row.scale.length };
        if (link.fingerprint !== print) {
          await this.db.update(roles).set({ title: role.title, updatedAt: new Date() }).where(eq(roles.id, row.id));
          await saveLinks(this.db, this.scope, [{ kind: 'role', externalId: role.externalId, targetId: row.id, fingerprint: print }]);
          this.tally.update('roles');
        }
      }
    }
    if (!ref) {
      const now = new Date();
      const [row] = await this.db.insert(roles).values({ orgId: this.scope.orgId, title: role.title, status: 'closed', closedAt: now, scaleLabels: this.scale }).returning({ id: roles.id });
      await saveLinks(this.db, this.scope, [{ kind: 'role', externalId: role.externalId, targetId: row!.id, fingerprint: print }]);
      this.tally.create('roles');
      ref = { id: row!.id, levels: this.scale.length };
    }
    this.roles.set(role.externalId, ref);
    this.rolesById.set(ref.id, ref);
    return ref;
  }

  async roleById(roleId: string): Promise<RoleRef> {
    const cached = this.rolesById.get(roleId);
    if (cached) return cached;
    const [row] = await this.db.select({ scale: roles.scaleLabels }).from(roles).where(eq(roles.id, roleId));
    const ref = { id: roleId, levels: row!.scale.length };
    this.rolesById.set(roleId, ref);
    return ref;
  }

  /** An interview step of a role; a step of the same name already on the role is reused. */
  async step(roleId: string, step: { key: string; name: string }): Promise<string> {
    const externalId = `${roleId}/${step.key}`;
    return this.named(this.steps, 'step', externalId, async () => {
      const [inserted] = await this.db
        .insert(steps)
        .values({ orgId: this.scope.orgId, roleId, name: step.name, kind: 'interview', position: sql`(select coalesce(max(position), 0) + 1 from steps where role_id = ${roleId})` })
        .onConflictDoNothing()
        .returning({ id: steps.id });
      if (inserted) return { id: inserted.id, created: true };
      const [existing] = await this.db.select({ id: steps.id }).from(steps).where(and(eq(steps.roleId, roleId), eq(steps.name, step.name)));
      return { id: existing!.id, created: false };
    }, 'steps');
  }

  /** A rated attribute as a criterion of the role; its anchors are the scale's labels (the source has none). */
  async criterion(roleId: string, levels: number, name: string, description: string | null): Promise<string> {
    const externalId = `${roleId}/${name}`;
    return this.named(this.criteria, 'criterion', externalId, async () => {
      const anchors = this.scale.length === levels ? this.scale : Array.from({ length: levels }, (_, i) => `Level ${i + 1}`);
      const [inserted] = await this.db
        .insert(criteria)
        .values({ orgId: this.scope.orgId, roleId, name, description: description ?? `Imported from ${this.scope.source}.`, anchors, bar: barOf(anchors) })
        .onConflictDoNothing()
        .returning({ id: criteria.id });
      if (inserted) return { id: inserted.id, created: true };
      const [existing] = await this.db.select({ id: criteria.id }).from(criteria).where(and(eq(criteria.roleId, roleId), eq(criteria.name, name)));
      return { id: existing!.id, created: false };
    }, 'criteria');
  }

  private async named(cache: Map<string, string>, kind: 'step' | 'criterion', externalId: string, create: () => Promise<{ id: string; created: boolean }>, counter: 'steps' | 'criteria') {
    const cached = cache.get(externalId);
    if (cached) return cached;
    const link = (await findLinks(this.db, this.scope, kind, [externalId])).get(externalId);
    let id = link?.targetId;
    if (!id) {
      const made = await create();
      if (made.created) this.tally.create(counter);
      await saveLinks(this.db, this.scope, [{ kind, externalId, targetId: made.id, fingerprint: '' }]);
      id = made.id;
    }
    cache.set(externalId, id);
    return id;
  }
}
