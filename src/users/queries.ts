import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { organizations, users } from '../db/schema.js';

/**
 * The lookup every bearer request makes, built and named once per database handle, so neither
 * this process nor PostgreSQL parses it again on each request.
 */
const lookups = new WeakMap<Queryable, ReturnType<typeof prepareStaffUserLookup>>();
const prepareStaffUserLookup = (db: Queryable) =>
  db
    .select({ orgId: organizations.id, userId: users.id, deactivatedAt: users.deactivatedAt })
    .from(organizations)
    .leftJoin(users, and(eq(users.orgId, organizations.id), eq(users.sub, sql.placeholder('sub'))))
    .where(eq(organizations.id, sql.placeholder('org')))
    .prepare('staff_user_lookup');

function staffUserLookup(db: Queryable) {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = prepareStaffUserLookup(db)));
  return lookup;
}

/**
 * Finds the token's user in its organization, provisioning a first-time sub with the token's
 * permissions, name and email. Returns null when the organization does not exist. One round trip
 * when the user already exists. `active` is false once an admin has deactivated the user.
 */
export async function resolveStaffUser(db: Queryable, claims: { org: string; sub: string; permissions: string[]; name?: string; email?: string }) {
  const rows = await staffUserLookup(db).execute({ org: claims.org, sub: claims.sub });
  const row = rows[0];
  if (!row) return null;
  if (row.userId) return { id: row.userId, active: !row.deactivatedAt };
  const inserted = await db
    .insert(users)
    .values({ orgId: claims.org, sub: claims.sub, permissions: claims.permissions, name: claims.name ?? null, email: claims.email ?? null })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted[0]) return { id: inserted[0].id, active: true };
  // A concurrent first request provisioned it.
  const [existing] = await db
    .select({ id: users.id, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(and(eq(users.orgId, claims.org), eq(users.sub, claims.sub)));
  return existing ? { id: existing.id, active: !existing.deactivatedAt } : null;
}

export type UserRow = typeof users.$inferSelect;

export async function insertUser(db: Queryable, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function findUser(db: Queryable, orgId: string, userId: string) {
  const [row] = await db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
  return row;
}

export async function listUsers(db: Queryable, orgId: string, page: { limit: number; after?: string }) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), page.after ? gt(users.id, page.after) : undefined))
    .orderBy(asc(users.id))
    .limit(page.limit + 1);
}

/** The ids among `userIds` that are users of the organization. */
export async function existingUserIds(db: Queryable, orgId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.id, userIds)));
  return new Set(rows.map((r) => r.id));
}

/** Organizations with exactly this name (bootstrap refuses a second one unless told to). */
export async function organizationsNamed(db: Queryable, name: string) {
  return db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
}

export async function createOrganization(db: Queryable, name: string) {
  const [row] = await db.insert(organizations).values({ name }).returning();
  return row!;
}

/** Email addresses compare case-insensitively, everywhere a person types one. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Every active user with this email, one per organization, for signing in by email or SSO. */
export async function activeUsersByEmail(db: Queryable, email: string) {
  return db
    .select({ userId: users.id, orgId: users.orgId, orgName: organizations.name, name: users.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(sql`lower(${users.email}) = ${normalizeEmail(email)}`, isNull(users.deactivatedAt)))
    .orderBy(asc(organizations.name));
}

/** By id alone: for a mailed invitation, whose token names the user it was made for. */
export async function activeUserById(db: Queryable, userId: string) {
  const [row] = await db.select().from(users).where(and(eq(users.id, userId), isNull(users.deactivatedAt)));
  return row;
}

export async function hasAnyOrganization(db: Queryable): Promise<boolean> {
  const rows = await db.select({ id: organizations.id }).from(organizations).limit(1);
  return rows.length > 0;
}

export async function findOrganization(db: Queryable, orgId: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  return row;
}

export async function deactivate(db: Queryable, orgId: string, userId: string, now = new Date()) {
  const [row] = await db.update(users).set({ deactivatedAt: now }).where(and(eq(users.orgId, orgId), eq(users.id, userId))).returning();
  return row!;
}

/** Display names of users, for pages that show people by name. */
export async function userNames(db: Queryable, orgId: string, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name, email: users.email, sub: users.sub }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, [...new Set(userIds)])));
  return new Map(rows.map((r) => [r.id, r.name ?? r.email ?? r.sub]));
}

export async function updatePermissions(db: Queryable, orgId: string, userId: string, permissions: string[]) {
  const [row] = await db.update(users).set({ permissions }).where(and(eq(users.orgId, orgId), eq(users.id, userId))).returning();
  return row!;
}
