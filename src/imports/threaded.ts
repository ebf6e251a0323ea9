// On PostgreSQL imports run in a worker thread with a capped heap and its own small pool. Parsing
// and mapping a large history allocates fast; in the service's own heap V8 answers that by growing
// the heap by hundreds of megabytes of garbage rather than collecting sooner, and keeps it. The
// thread's heap limits make it collect instead. The thread runs the same runImport as the
// in-thread path (PGlite, the CLI): only the host differs.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Database } from '../db/client.js';
import { failStoppedImport, holdHere } from './abandoned.js';
import { findImport, toSummary } from './queries.js';
import { runImport, UNEXPECTED_ERROR, type ImportOutcome, type ImportRequest } from './run.js';

/**
 * The thread's heap: room for its modules and the working set of a few imports at once (the
 * batches in the database and the one being resolved, the dimensions they keep, up to MAX_SKIPPED
 * skipped records), small enough that garbage is collected long before the process's memory grows
 * by 100 MB. (A larger young generation saved CPU only at 36-48 MB, 6-14 s of the 65-68 s the
 * server spent on 200,000 scorecards; at 32 MB one import's memory peak reached +97 MB.)
 */
export const IMPORT_THREAD_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 12 };
/** The thread's connections: two scorecard writers, the calibration refresh and the next batch's lookups beside them, progress and heartbeat. */
export const IMPORT_THREAD_POOL = 6;
/** The thread ends this long after its last import, returning its memory; one soon after reuses it loaded. */
export const IMPORT_THREAD_IDLE_MS = 60_000;

export type Connection = NonNullable<Database['connection']>;
type Progress = NonNullable<ImportRequest['progress']>;

/** From the host: an import to run (the request without its callback), or the end of the thread. */
export type ToThread = { kind: 'run'; importId: string; request: Omit<ImportRequest, 'progress'> } | { kind: 'close' };
/** From the thread: an import's progress as it happens, then its outcome (null: runImport failed without recording one). */
export type FromThread = { kind: 'progress'; importId: string; event: Parameters<Progress>[0] } | { kind: 'done'; importId: string; outcome: ImportOutcome | null };

interface Running {
  orgId: string;
  progress?: Progress;
  done(outcome: ImportOutcome | null): void;
}

/** One worker thread and the imports it runs. */
interface Thread {
  worker: Worker;
  running: Map<string, Running>;
  /** Settles when the thread has exited. */
  exited: Promise<void>;
}

/**
 * The import thread of one app: started by the first import, shared by imports running at once,
 * ended when idle. A thread that ends while imports run (a crash, its heap exhausted) leaves each
 * of them failed with the counts it last saved, its parked rows deleted and its roles' calibration
 * refreshed, as for an import whose process died.
 */
export class ImportThread {
  private current: Thread | undefined;
  /** Threads asked to end, until they have. */
  private readonly ending = new Set<Promise<void>>();
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    private readonly limits: ResourceLimits = IMPORT_THREAD_LIMITS,
    private readonly idleMs = IMPORT_THREAD_IDLE_MS,
  ) {}

  async run(importId: string, request: ImportRequest): Promise<ImportOutcome> {
    const { progress, ...rest } = request;
    // The thread renews the heartbeat; holding the import here keeps this process's own checks off it.
    const release = holdHere(importId);
    let thread: Thread | undefined;
    try {
      thread = this.thread();
      const outcome = await new Promise<ImportOutcome | null>((done) => {
        thread!.running.set(importId, { orgId: request.orgId, progress, done });
        thread!.worker.postMessage({ kind: 'run', importId, request: rest } satisfies ToThread);
      });
      return outcome ?? (await this.failed(importId, request.orgId));
    } finally {
      release();
      if (thread && thread === this.current && thread.running.size === 0) this.idleSoon(thread);
    }
  }

  /** Ends the thread; the app's close calls it once its imports are done. */
  async close() {
    this.retire();
    await Promise.all([...this.ending]);
  }

  /** The running thread, or a new one. */
  private thread(): Thread {
    clearTimeout(this.idle);
    if (this.current) {
      this.current.worker.ref();
      return this.current;
    }
    const connection: Connection = { ...this.database.connection!, poolSize: IMPORT_THREAD_POOL };
    const worker = spawn({ workerData: connection, resourceLimits: this.limits });
    const running = new Map<string, Running>();
    let error: Error | undefined;
    worker.on('message', (message: FromThread) => {
      const run = running.get(message.importId);
      if (message.kind === 'progress') return run?.progress?.(message.event);
      running.delete(message.importId);
      run?.done(message.outcome);
    });
    worker.on('error', (cause) => (error ??= cause));
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', (code) => {
        if (this.current?.worker === worker) this.current = undefined;
        for (const run of running.values()) {
          run.progress?.({ file: 'error', records: 0, error: error ?? new Error(`the import thread exited with code ${code}`) });
          run.done(null);
        }
        running.clear();
        resolve();
      }),
    );
    this.current = { worker, running, exited };
    return this.current;
  }

  /** Asks the current thread to end once its imports are done; later imports start a new one. */
  private retire() {
    clearTimeout(this.idle);
    const thread = this.current;
    if (!thread) return;
    this.current = undefined;
    thread.worker.postMessage({ kind: 'close' } satisfies ToThread);
    this.ending.add(thread.exited);
    void thread.exited.then(() => this.ending.delete(thread.exited));
  }

  /** An idle thread neither keeps the process alive nor stays for long. */
  private idleSoon(thread: Thread) {
    thread.worker.unref();
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.retire(), this.idleMs).unref();
  }

  /** The outcome of an import whose thread ended without one. */
  private async failed(importId: string, orgId: string): Promise<ImportOutcome> {
    const failed = await failStoppedImport(this.database.db, importId, UNEXPECTED_ERROR);
    if (failed) return { ...toSummary(failed), error: UNEXPECTED_ERROR };
    // It had been failed as abandoned (its heartbeat late) before the thread ended.
    const row = (await findImport(this.database.db, orgId, importId))!;
    return { ...toSummary(row), error: row.error };
  }
}

/**
 * Compiled, the thread's module is JavaScript. From source (npm start, the tests) it is TypeScript:
 * the parent's loader hooks do not reach worker threads, so the thread registers tsx itself.
 */
function spawn(options: ConstructorParameters<typeof Worker>[1]) {
  const here = fileURLToPath(import.meta.url);
  const entry = new URL(`./import-thread${extname(here)}`, import.meta.url);
  if (extname(here) !== '.ts') return new Worker(entry, options);
  return new Worker(`import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry.href)}))`, { ...options, eval: true });
}

/** Runs imports where they belong: the app's import thread on PostgreSQL, this thread on PGlite (its database lives here). */
export function importRunner(database: Database): { run(importId: string, request: ImportRequest): Promise<ImportOutcome>; close(): Promise<void> } {
  if (database.connection) return new ImportThread(database);
  return { run: (importId, request) => runImport(database.db, importId, request), close: async () => {} };
}
