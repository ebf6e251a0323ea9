// The body of the import worker thread (see threaded.ts): its own small pool on the service's
// PostgreSQL, runImport as in-thread for each import the host sends, progress and outcomes posted
// back. Imports sent while others run run beside them, as they would in the service's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/client.js';
import { runImport, type ImportRequest } from './run.js';
import type { Connection, FromThread, ToThread } from './threaded.js';

const port = parentPort!;
const post = (message: FromThread) => port.postMessage(message);
/** An error as one the host can receive: its name, message and stack (whatever else it holds may not be cloneable). */
const sendable = (error: unknown) => Object.assign(new Error(error instanceof Error ? error.message : String(error)), error instanceof Error ? { name: error.name, stack: error.stack } : {});
const progressOf = (importId: string) => (event: Parameters<NonNullable<ImportRequest['progress']>>[0]) =>
  post({ kind: 'progress', importId, event: event.error ? { ...event, error: sendable(event.error) } : event });
const database = await openDatabase(workerData as Connection);
const running = new Set<Promise<void>>();

port.on('message', (message: ToThread) => {
  if (message.kind === 'close') {
    void Promise.allSettled([...running])
      .then(() => database.close())
      .then(() => port.close());
    return;
  }
  const { importId, request } = message;
  // runImport only throws when even its failure could not be recorded: the host then tries to.
  const work = runImport(database.db, importId, { ...request, progress: progressOf(importId) }).then(
    (outcome) => post({ kind: 'done', importId, outcome }),
    (error: unknown) => {
      progressOf(importId)({ file: 'error', records: 0, error: error as Error });
      post({ kind: 'done', importId, outcome: null });
    },
  );
  running.add(work);
  void work.finally(() => running.delete(work));
});
