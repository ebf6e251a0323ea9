// Runs an import the way the CLI does, in-process, for tests that check the mapping.
import { runImport, startImport } from '../../src/imports/run.js';
import type { ImportSource } from '../../src/imports/types.js';
import type { TestContext } from '../helpers/app.js';

export async function importFolder(ctx: TestContext, orgId: string, source: ImportSource, dir: string, roleRebuildFrom?: number) {
  const record = await startImport(ctx.database.db, { orgId, source, actorId: null });
  return runImport(ctx.database.db, record.id, { orgId, source, dir, actorId: null, roleRebuildFrom });
}

export const zeroCounts = { roles: 0, steps: 0, criteria: 0, users: 0, candidates: 0, applications: 0, interviews: 0, scorecards: 0 };
