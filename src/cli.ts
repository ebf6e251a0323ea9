import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { permissions, type Permission } from './plugins/auth.js';
import { mintStaffToken } from './plugins/staff-token.js';
import { recordAudit } from './audit/record.js';
import { buildApp } from './app.js';
import type { Db } from './db/client.js';
import { seedDemo } from './demo/seed.js';
import { importCommand, importUsage } from './imports/cli.js';
import { createOrganization, insertUser } from './users/queries.js';

const usage = `Usage:
  npm run cli -- bootstrap --org <name> --admin-email <email> [--json]
  npm run cli -- seed-demo [--org <name>] [--json]      a demo organization whose candidates raise every flag
  npm run cli -- token --org <orgId> --sub <sub> --permissions admin,recruiter,interviewer [--ttl-hours 12] [--json]
${importUsage}`;

async function bootstrapOrganization(db: Db, name: string, email: string) {
  return db.transaction(async (tx) => {
    const org = await createOrganization(tx, name);
    const admin = await insertUser(tx, { orgId: org.id, sub: email, email, name: email, permissions: ['admin'] });
    await recordAudit(tx, { orgId: org.id, actorId: null, action: 'organization.bootstrap', entity: 'organization', entityId: org.id, after: { name: org.name, adminUserId: admin.id } });
    return { org, admin };
  });
}

function parsePermissions(raw: string): Permission[] {
  const list = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = list.filter((p) => !(permissions as readonly string[]).includes(p));
  if (unknown.length || list.length === 0) throw new ConfigError(`--permissions must list some of ${permissions.join(', ')}; got "${raw}"`);
  return list as Permission[];
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (command === 'import') {
    process.exitCode = await importCommand(rest, loadConfig());
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      org: { type: 'string' },
      'admin-email': { type: 'string' },
      sub: { type: 'string' },
      permissions: { type: 'string' },
      'ttl-hours': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();

  if (command === 'bootstrap') {
    if (!values.org || !values['admin-email']) throw new ConfigError(usage);
    const email = values['admin-email'];
    const database = await openDatabase(config.database);
    try {
      await migrate(database);
      const { org, admin } = await bootstrapOrganization(database.db, values.org, email);
      const token = mintStaffToken(config, { org: org.id, sub: admin.sub, permissions: ['admin'] });
      print(values.json, { orgId: org.id, adminUserId: admin.id, token }, `Organization ${org.name} (${org.id}), admin ${email}.\nToken (12 h):\n${token}`);
    } finally {
      await database.close();
    }
    return;
  }

  if (command === 'seed-demo') {
    const database = await openDatabase(config.database);
    try {
      await migrate(database);
      const name = values.org ?? 'Demo Co';
      const { org, admin } = await bootstrapOrganization(database.db, name, `admin.${Date.now().toString(36)}@demo.test`);
      const app = await buildApp({ config, database, migrate: false, logger: false });
      const summary = await seedDemo(app, config, org.id, admin);
      await app.close();
      const lines = [`Demo organization ${name} (${summary.orgId}), role ${summary.roleId}.`, ...summary.candidates.map((c) => `  ${c.name} (${c.applicationId}): ${c.flags.join(', ')}`), 'Tokens (12 h):', ...Object.entries(summary.tokens).map(([k, t]) => `  ${k}: ${t}`)];
      print(values.json, summary, lines.join('\n'));
    } finally {
      await database.close();
    }
    return;
  }

  if (command === 'token') {
    if (!values.org || !values.sub || !values.permissions) throw new ConfigError(usage);
    const ttl = values['ttl-hours'] ? Number(values['ttl-hours']) : 12;
    if (!(ttl > 0)) throw new ConfigError('--ttl-hours must be a positive number');
    const token = mintStaffToken(config, { org: values.org, sub: values.sub, permissions: parsePermissions(values.permissions) }, ttl);
    print(values.json, { token }, token);
    return;
  }

  throw new ConfigError(usage);
}

function print(json: boolean | undefined, data: object, text: string) {
  console.log(json ? JSON.stringify(data) : text);
}

main(process.argv.slice(2)).catch((error) => {
  const known = error instanceof ConfigError || error instanceof DataDirInUseError;
  console.error(known ? error.message : `cli failed: ${(error as Error).message}`);
  process.exit(1);
});
