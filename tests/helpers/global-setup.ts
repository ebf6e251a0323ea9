import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { findPostgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PostgreSQL URL, or 'pglite' when no server could be had. */
    databaseUrl: string;
    postgresBinDir: string;
    postgresDataDir: string;
  }
}

let server: ThrowawayPostgres | undefined;

export async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const binDir = findPostgresBinDir();
    if (binDir) {
      server = await startThrowawayPostgres(binDir);
      url = server.url;
      project.provide('postgresBinDir', binDir);
      project.provide('postgresDataDir', server.dataDir);
    }
  }
  if (!url) {
    console.warn('No PostgreSQL binaries and no TEST_DATABASE_URL: integration tests run on in-memory PGlite.');
    project.provide('databaseUrl', 'pglite');
    return;
  }
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2, statementTimeoutMs: 60_000 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  project.provide('databaseUrl', url);
}

export async function teardown() {
  server?.stop();
}
