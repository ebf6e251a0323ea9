import { recordAudit } from '../audit/record.js';
import type { Db } from '../db/client.js';
import { ConfigError } from '../config.js';
import { createOrganization, insertUser, normalizeEmail, organizationsNamed } from './queries.js';

/** A new organization and its first admin, in one transaction: the CLI's bootstrap and the first-run page. */
export async function bootstrapOrganization(db: Db, input: { orgName: string; email: string; adminName?: string; allowDuplicateName?: boolean }) {
  return db.transaction(async (tx) => {
    const existing = await organizationsNamed(tx, input.orgName);
    if (existing.length && !(input.allowDuplicateName ?? true)) {
      throw new ConfigError(`An organization named "${input.orgName}" already exists (${existing.map((o) => o.id).join(', ')}). Pass --allow-duplicate-name to create another one.`);
    }
    const org = await createOrganization(tx, input.orgName);
    const email = normalizeEmail(input.email);
    const admin = await insertUser(tx, { orgId: org.id, sub: email, email, name: input.adminName ?? email, permissions: ['admin'] });
    await recordAudit(tx, { orgId: org.id, actorId: null, action: 'organization.bootstrap', entity: 'organization', entityId: org.id, after: { name: org.name, adminUserId: admin.id } });
    return { org, admin };
  });
}
