// What the role pages read: the same access functions and loaders as the role API.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { users } from '../db/schema.js';
import { hasPermission, type StaffContext } from '../plugins/auth.js';
import { readableRole, roleReadiness } from './access.js';
import { loadRoleDesign, toRole } from './queries.js';
import type { Person } from './views/new.js';

/** The organization's people, for the decision owner choice and the assignment matrix (deactivated ones only when already named). */
export async function peopleOf(db: Queryable, orgId: string): Promise<Person[]> {
  const rows = await db.select().from(users).where(eq(users.orgId, orgId)).orderBy(asc(users.name), asc(users.id)).limit(1000);
  return rows.map((u) => ({ id: u.id, name: u.name ?? u.email ?? u.sub, interviewer: !u.deactivatedAt && (u.permissions.includes('interviewer') || u.permissions.includes('admin')), active: !u.deactivatedAt })).filter((p) => p.active).map(({ active: _active, ...p }) => p);
}

export async function rolePageData(db: Queryable, staff: StaffContext, roleId: string) {
  const row = await readableRole(db, staff, roleId);
  const [design, people, readiness] = await Promise.all([loadRoleDesign(db, row), peopleOf(db, staff.orgId), hasPermission(staff, 'recruiter') ? roleReadiness(db, row) : Promise.resolve(undefined)]);
  const recruiter = hasPermission(staff, 'recruiter');
  return {
    role: { ...toRole(row), ...design },
    people,
    readiness,
    editable: recruiter && row.status !== 'closed',
    seesPipeline: recruiter || row.decisionOwnerId === staff.userId,
  };
}
