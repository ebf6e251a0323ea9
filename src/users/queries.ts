import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { organizations, users } from '../db/schema.js';

/**
 * Finds the token's user in its organization, provisioning a first-time sub with the token's
 * permissions, name and email. Returns null when the organization does not exist. One round trip
 * when the user already exists.
 */
export async function resolveStaffUser(db: Queryable, claims: { org: string; sub: string; permissions: string[]; name?: string; email?: string }) {
  const rows = await db
    .select({ orgId: organizations.id, userId: users.id })
    .from(organizations)
    .leftJoin(users, and(eq(users.orgId, organizations.id), eq(users.sub, claims.sub)))
    .where(eq(organizations.id, claims.org));
  const row = rows[0];
  if (!row) return null;
  if (row.userId) return { id: row.userId };
  const inserted = await db
    .insert(users)
    .values({ orgId: claims.org, sub: claims.sub, permissions: claims.permissions, name: claims.name ?? null, email: claims.email ?? null })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted[0]) return inserted[0];
  // A concurrent first request provisioned it.
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, claims.org), eq(users.sub, claims.sub)));
  return existing ?? null;
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
