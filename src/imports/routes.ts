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
import { runImport, startImport } from './run.js';
import { acceptedSchema, importParams, importSchema, toImport } from './schemas.js';
import { missingFiles } from './sources/common.js';
import { requiredFiles } from './sources/index.js';
import { receiveUpload } from './upload.js';

/** Largest single uploaded file; larger histories go through the CLI. */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export async function importRoutes(app: App, deps: Deps) {
  const { db } = deps;
  // Imports run in this process after the 202; closing the app waits for them to finish writing.
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  /** Receives the files, records the import and runs it after the answer (API and admin page). */
  async function acceptUpload(request: FastifyRequest) {
    const { orgId, userId } = request.staff;
    const upload = await receiveUpload(request);
    const missing = missingFiles(upload.dir, requiredFiles[upload.source]);
    if (missing.length) {
      await rm(upload.dir, { recursive: true, force: true });
      throw badRequest(`A ${upload.source} import needs ${missing.join(', ')}.`, missing.map((m) => ({ path: m, message: 'required file' })));
    }
    const record = await startImport(db, { orgId, source: upload.source, actorId: userId });
    const work = runImport(db, record.id, { orgId, source: upload.source, dir: upload.dir, actorId: userId, progress: ({ error }) => error && request.log.error({ err: error, importId: record.id }, 'import failed') })
      .catch((error: unknown) => request.log.error({ err: error, importId: record.id }, 'import could not record its summary'))
      .finally(() => rm(upload.dir, { recursive: true, force: true }));
    running.add(work);
    void work.finally(() => running.delete(work));
    return record;
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
        const record = await acceptUpload(request);
        return reply.code(202).send({ importId: record.id, status: 'running' as const });
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
