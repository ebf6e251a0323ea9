// One import from a folder: the record, the source's adapter, the calibration refresh, the summary.
import type { Db } from '../db/client.js';
import { recordAudit } from '../audit/record.js';
import type { Tx } from '../db/client.js';
import { failAbandonedImports, keepAlive } from './abandoned.js';
import { Importer, type Progress } from './importer.js';
import { insertImport, saveImportSummary } from './queries.js';
import { importAshby } from './sources/ashby.js';
import { ImportInputError } from './sources/common.js';
import { importGreenhouseV1 } from './sources/greenhouse-v1.js';
import { importGreenhouseV3 } from './sources/greenhouse-v3.js';
import { importLever } from './sources/lever.js';
import { Staging } from './staging.js';
import type { ImportSource, ImportSummary, Skipped } from './types.js';

export interface ImportRequest {
  orgId: string;
  source: ImportSource;
  dir: string;
  /** Who asked (the admin calling the API); null from the CLI. */
  actorId: string | null;
  progress?: Progress;
  /** Tuning: touched applications of one role from which its calibration is rebuilt role-wide. */
  roleRebuildFrom?: number;
  /** Tuning: scorecards written from which the loaded tables' statistics are refreshed at the end. */
  analyzeFrom?: number;
}

const PROGRESS_SAVE_MS = 2000;

export const UNEXPECTED_ERROR = 'The import stopped on an unexpected error; what was written before it stays, and running it again resumes.';

/** What runImport returns: the summary, and the error an import that failed ended on. */
export type ImportOutcome = ImportSummary & { error: string | null };

const adapters: Record<ImportSource, (imp: Importer, dir: string, db: Db) => Promise<void>> = {
  'greenhouse-harvest-v1': importGreenhouseV1,
  'greenhouse-harvest-v3': importGreenhouseV3,
  lever: importLever,
  ashby: importAshby,
};

/** The import record and its audit row, in the caller's transaction (POST /imports runs it under its Idempotency-Key). */
export async function createImport(tx: Tx, request: Pick<ImportRequest, 'orgId' | 'source' | 'actorId'>) {
  const row = await insertImport(tx, { orgId: request.orgId, source: request.source, createdBy: request.actorId });
  await recordAudit(tx, { orgId: request.orgId, actorId: request.actorId, action: 'import.start', entity: 'import', entityId: row.id, after: { source: request.source } });
  return row;
}

/** Creates the import record, after failing imports abandoned by a dead process; the caller then runs it. */
export async function startImport(db: Db, request: Pick<ImportRequest, 'orgId' | 'source' | 'actorId'>) {
  await failAbandonedImports(db);
  return db.transaction((tx) => createImport(tx, request));
}

/**
 * Runs an import to its end and stores its summary. Never throws for bad input: a folder missing a
 * required file, or an unexpected failure, ends as status "failed" with what was done so far.
 */
export async function runImport(db: Db, importId: string, request: ImportRequest): Promise<ImportOutcome> {
  // GET /imports/:importId shows the counts so far: saved every few seconds while running.
  let savedAt = Date.now();
  let saving: Promise<void> = Promise.resolve();
  const progress: Progress = (event) => {
    request.progress?.(event);
    if (Date.now() - savedAt < PROGRESS_SAVE_MS) return;
    savedAt = Date.now();
    const { tally } = imp;
    saving = saving.then(() => saveImportSummary(db, importId, { status: 'running', created: tally.created, updated: tally.changed(), ignored: { drafts: tally.drafts }, skipped: tally.skipped })).catch(() => {});
  };
  const imp: Importer = new Importer(db, request.orgId, request.source, importId, progress, request.roleRebuildFrom, request.analyzeFrom);
  const stopHeartbeat = keepAlive(db, importId);
  let error: string | null = null;
  try {
    await adapters[request.source](imp, request.dir, db);
    await imp.finish();
  } catch (cause) {
    // Input errors are ours to word; anything else is not echoed (it could quote data).
    error = cause instanceof ImportInputError ? cause.message : UNEXPECTED_ERROR;
    if (!(cause instanceof ImportInputError)) request.progress?.({ file: 'error', records: 0, error: cause as Error });
    await imp.finish().catch(() => {});
    await new Staging(db, importId).clear().catch(() => {});
  }
  await saving;
  stopHeartbeat();
  const { tally } = imp;
  const summary: ImportSummary = { importId, status: error ? 'failed' : 'completed', created: tally.created, updated: tally.changed(), ignored: { drafts: tally.drafts }, skipped: bySourceOrder(tally.skipped) };
  await db.transaction(async (tx) => {
    await saveImportSummary(tx, importId, { ...summary, error });
    await recordAudit(tx, { orgId: request.orgId, actorId: request.actorId, action: 'import.finish', entity: 'import', entityId: importId, after: { status: summary.status, created: summary.created, updated: summary.updated, ignored: summary.ignored, skipped: summary.skipped.length + tally.skippedUnlisted } });
  });
  return { ...summary, error };
}

/** Skipped records by file, then position (batches report them out of order). */
const bySourceOrder = (skipped: Skipped[]) => [...skipped].sort((a, b) => a.file.localeCompare(b.file) || a.index - b.index);
