import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { importPages } from './page.js';
import { rm } from 'node:fs/promises';
import { badRequest, notFound } from '../errors.js';
import { pageOf, pageQuery, toPage } from '../http/pagination.js';
import { errorResponses, problemSchema } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { findImport, listImports } from './queries.js';
import { runMutation } from '../plugins/idempotency.js';
import { ABANDONED_AFTER_MS, failAbandonedImports } from './abandoned.js';
import { createImport } from './run.js';
import { importRunner } from './threaded.js';
import { acceptedSchema, importParams, importSchema, toImport } from './schemas.js';
import { missingFiles } from './sources/common.js';
import { requiredFiles } from './sources/index.js';
import { receiveUpload } from './upload.js';

/** Largest single uploaded file; larger histories go through the CLI. */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export async function importRoutes(app: App, deps: Deps) {
  const { db } = deps;
  // Imports run after the 202 (in a worker thread on PostgreSQL); closing the app waits for them to finish writing.
  const running = new Set<Promise<unknown>>();
  const runner = importRunner(deps.database);
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
    await runner.close();
  });
  // Imports left running by a process that died. The embedded database has one process, so at
  // its start every running import is abandoned; PostgreSQL may be shared with live processes.
  // Cleaned up beside the start rather than before it: rebuilding a large role's calibration can
  // outlast fastify's start-up timeout (10 s for onReady hooks), and every new import runs the
  // same cleanup first anyway. Closing waits for it like for an import.
  app.addHook('onReady', async () => {
    const cleanup = failAbandonedImports(db, deps.database.driver === 'pglite' ? 0 : ABANDONED_AFTER_MS).catch((error: unknown) =>
      app.log.error({ err: error }, 'abandoned imports could not be failed'),
    );
    running.add(cleanup);
    void cleanup.finally(() => running.delete(cleanup));
  });

  /**
   * Receives the files, records the import and runs it after the answer (API and admin page).
   * Under an Idempotency-Key, a retry of the same upload answers the first import and starts none.
   */
  async function acceptUpload(request: FastifyRequest) {
    const { orgId, userId } = request.staff;
    const upload = await receiveUpload(request);
    let started = false;
    try {
      const missing = missingFiles(upload.dir, requiredFiles[upload.source]);
      if (missing.length) throw badRequest(`A ${upload.source} import needs ${missing.join(', ')}.`, missing.map((m) => ({ path: m, message: 'required file' })));
      await failAbandonedImports(db);
      const result = await runMutation(db, request, 202, async (tx) => ({ importId: (await createImport(tx, { orgId, source: upload.source, actorId: userId })).id, status: 'running' as const }), { content: upload.digest });
      if (result.replayed) return result.body;
      const { importId } = result.body;
      const work = runner.run(importId, { orgId, source: upload.source, dir: upload.dir, actorId: userId, progress: ({ error }) => error && request.log.error({ err: error, importId }, 'import failed') })
        .catch((error: unknown) => request.log.error({ err: error, importId }, 'import could not record its summary'))
        .finally(() => rm(upload.dir, { recursive: true, force: true }));
      started = true;
      running.add(work);
      void work.finally(() => running.delete(work));
      return result.body;
    } finally {
      if (!started) await rm(upload.dir, { recursive: true, force: true });
    }
  }

  await app.register(async (scope: App) => {
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 10, fields: 5, fieldSize: 200, parts: 15 } });
    await importPages(scope, deps, acceptUpload);

    scope.post(
      '/imports',
      {
        preHandler: staffOnly(app, 'admin'),
        schema: {
          tags: ['imports'],
          summary: 'Import scorecard history from Greenhouse, Lever or Ashby (multipart: one part per endpoint file, plus source)',
          security: staffSecurity,
          consumes: ['multipart/form-data'],
          response: { 202: acceptedSchema, 413: problemSchema, 415: problemSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        return reply.code(202).send(await acceptUpload(request));
      },
    );
  });

  app.get(
    '/imports',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: { tags: ['imports'], summary: 'Imports of the organization, newest first', security: staffSecurity, querystring: pageQuery, response: { 200: pageOf(importSchema), ...errorResponses } },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const page = toPage(await listImports(db, request.staff.orgId, { limit, before: cursor }), limit);
      return { items: page.items.map(toImport), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/imports/:importId',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: { tags: ['imports'], summary: 'An import: status, counts, skipped records with reasons', security: staffSecurity, params: importParams, response: { 200: importSchema, ...errorResponses } },
    },
    async (request) => {
      const row = await findImport(db, request.staff.orgId, request.params.importId);
      if (!row) throw notFound('import');
      return toImport(row);
    },
  );
}
