import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { testConfig } from './config.js';

export { TEST_SECRET, testConfig } from './config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import type { App } from '../../src/http/types.js';
import type { Permission } from '../../src/plugins/auth.js';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import { createOrganization, insertUser } from '../../src/users/queries.js';

/** The database the suite runs on: the global throwaway PostgreSQL, or in-memory PGlite. */
export async function openTestDatabase(): Promise<Database> {
  const url = inject('databaseUrl');
  if (url === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(database);
    return database;
  }
  return openDatabase({ kind: 'postgres', url, poolSize: 8, statementTimeoutMs: 15_000 });
}

export interface TestContext {
  app: App;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** One app per test file over the shared database; tests isolate themselves by organization. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestContext> {
  return appOver(await openTestDatabase(), overrides);
}

/**
 * An app over a migrated database of its own on the suite's PostgreSQL, dropped on close: for a
 * test whose query plans depend on everything the tables hold, which other files share otherwise.
 */
export async function createIsolatedTestApp(overrides: Partial<Config> = {}): Promise<TestContext> {
  const url = new URL(inject('databaseUrl'));
  const name = `isolated_${randomUUID().replaceAll('-', '')}`;
  const onServer = (statement: string) => withClient(url.href, async (client) => void (await client.query(statement)));
  await onServer(`create database ${name}`);
  const database = await openDatabase({ kind: 'postgres', url: Object.assign(new URL(url), { pathname: `/${name}` }).href, poolSize: 8, statementTimeoutMs: 15_000 });
  await migrate(database);
  const ctx = await appOver(database, overrides);
  return { ...ctx, close: () => ctx.close().then(() => onServer(`drop database ${name} with (force)`)) };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function appOver(database: Database, overrides: Partial<Config>): Promise<TestContext> {
  const config = testConfig(overrides);
  const app = await buildApp({ config, database, migrate: false, logger: false });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface StaffMember {
  userId: string;
  sub: string;
  token: string;
  /** Authorization header for app.inject. */
  auth: { authorization: string };
}

export interface TestOrg {
  orgId: string;
  admin: StaffMember;
  /** Adds a user to this organization and returns a token for them. */
  addUser(permissions: Permission[], name?: string): Promise<StaffMember>;
}

let counter = 0;

/** A fresh organization with an admin: each test gets its own tenant, so tests run in parallel. */
export async function createOrg(ctx: TestContext, name = 'Test org'): Promise<TestOrg> {
  const org = await createOrganization(ctx.database.db, name);
  const addUser = async (permissions: Permission[], userName?: string): Promise<StaffMember> => {
    const sub = `user-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    const user = await insertUser(ctx.database.db, {
      orgId: org.id,
      sub,
      email: `${sub}@example.test`,
      name: userName ?? sub,
      permissions,
    });
    const token = mintStaffToken(ctx.config, { org: org.id, sub, permissions });
    return { userId: user.id, sub, token, auth: { authorization: `Bearer ${token}` } };
  };
  const admin = await addUser(['admin'], 'Admin');
  return { orgId: org.id, admin, addUser };
}

/** Asserts the RFC 9457 shape and returns the parsed body. */
export function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${type}`);
  const body = JSON.parse(response.body) as { type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[] };
  if (body.status !== status || !body.title || !body.detail || !body.type) throw new Error(`not a problem document: ${response.body}`);
  return body;
}
