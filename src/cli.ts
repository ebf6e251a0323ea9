import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, loadSigningConfig } from './config.js';
import { DataDirInUseError, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { permissions, type Permission } from './plugins/auth.js';
import { mintStaffToken } from './plugins/staff-token.js';
import { buildApp } from './app.js';
import { seedDemo } from './demo/seed.js';
import { importCommand, importUsage } from './imports/cli.js';
import { bootstrapOrganization } from './users/bootstrap.js';

// `npm run -s` keeps npm's own banner off stdout, so with --json stdout is the JSON document alone.
const usage = `Usage:
  npm run -s cli -- bootstrap --org <name> --admin-email <email> [--allow-duplicate-name] [--json]
  npm run -s cli -- seed-demo [--org <name>] [--json]      a demo organization whose candidates raise every flag
  npm run -s cli -- token --org <orgId> --sub <sub> --permissions admin,recruiter,interviewer [--name <name>] [--email <email>] [--ttl-hours 12] [--json]
${importUsage}`;

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
      name: { type: 'string' },
      email: { type: 'string' },
      'allow-duplicate-name': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });

  if (command === 'bootstrap') {
    if (!values.org || !values['admin-email']) throw new ConfigError(usage);
    const email = values['admin-email'];
    // Only what bootstrap needs: the database and the signing key (created on first use when embedded).
    const config = loadSigningConfig(process.env, 'create');
    const database = await openDatabase(config.database);
    try {
      await migrate(database);
      const { org, admin } = await bootstrapOrganization(database.db, { orgName: values.org, email, allowDuplicateName: values['allow-duplicate-name'] });
      const token = mintStaffToken(config, { org: org.id, sub: admin.sub, permissions: ['admin'] });
      print(values.json, { orgId: org.id, adminUserId: admin.id, token }, `Organization ${org.name} (${org.id}), admin ${email}.\nToken (12 h):\n${token}`);
    } finally {
      await database.close();
    }
    return;
  }

  if (command === 'seed-demo') {
    const config = loadConfig();
    const database = await openDatabase(config.database);
    try {
      await migrate(database);
      const name = values.org ?? 'Demo Co';
      const { org, admin } = await bootstrapOrganization(database.db, { orgName: name, email: `admin.${Date.now().toString(36)}@demo.test`, adminName: 'Demo admin' });
      const app = await buildApp({ config, database, migrate: false, logger: false });
      const summary = await seedDemo(app, config, org.id, admin);
      await app.close();
      const lines = [`Demo organization ${name} (${summary.orgId}), role ${summary.roleId}.`, ...summary.candidates.map((c) => `  ${c.name} (${c.applicationId}): ${c.flags.join(', ')}`), 'Tokens (12 h):', ...Object.entries(summary.tokens).map(([k, t]) => `  ${k}: ${t}`),
        `People (each was mailed a sign-in link${config.mail.smtpUrl ? '' : ` in ${join(config.dataDir, 'outbox')}`}; or sign in at ${config.publicUrl} with the address):`,
        ...summary.people.map((p) => `  ${p.name} (${p.role}): ${p.email}`)];
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
    // Signing only: reads the key, never writes a file.
    const config = loadSigningConfig(process.env, 'refuse');
    const claims = { org: values.org, sub: values.sub, permissions: parsePermissions(values.permissions), name: values.name, email: values.email };
    const token = mintStaffToken(config, claims, ttl);
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
