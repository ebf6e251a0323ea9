// Receives POST /imports: each file part streamed to a private temporary folder under the
// endpoint's name, plus the `source` field. Nothing is held in memory.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { importSources } from '../db/schema.js';
import { badRequest, Problem } from '../errors.js';
import type { ImportSource } from './types.js';

/** Every endpoint file any source reads. */
export const ENDPOINTS = new Set(['applications', 'scorecards', 'users', 'candidates', 'jobs', 'scorecard_candidate_attributes', 'job_candidate_attributes', 'opportunities', 'feedback', 'postings']);
const EXTENSIONS = new Set(['.json', '.ndjson', '.jsonl']);

export interface Upload {
  source: ImportSource;
  dir: string;
  /** SHA-256 of the source and every file part (name and bytes): what an Idempotency-Key retry must repeat. */
  digest: string;
}

export async function receiveUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw new Problem(415, 'Unsupported Media Type', 'Send multipart/form-data: one file part per endpoint file and a `source` field.');
  const dir = await mkdtemp(join(tmpdir(), 'hiring-upload-'));
  try {
    let source: string | undefined;
    const seen = new Set<string>();
    const digest = createHash('sha256');
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname !== 'source') throw badRequest(`Unknown field "${part.fieldname.slice(0, 50)}": the only field is source.`, [{ path: part.fieldname.slice(0, 50), message: 'unknown field' }]);
        source = String(part.value);
        continue;
      }
      // A browser sends an empty part for a file input left empty: that file was not given.
      if (part.filename === '') {
        part.file.resume();
        continue;
      }
      const name = part.fieldname;
      const ext = extname(part.filename || '').toLowerCase() || '.json';
      if (!ENDPOINTS.has(name)) {
        part.file.resume();
        throw badRequest(`A file part must be named after its endpoint (${[...ENDPOINTS].join(', ')}).`, [{ path: name.slice(0, 50), message: 'unknown endpoint file' }]);
      }
      if (!EXTENSIONS.has(ext)) {
        part.file.resume();
        throw badRequest('Files must be .json or .ndjson.', [{ path: name, message: 'unsupported extension' }]);
      }
      if (seen.has(name)) {
        part.file.resume();
        throw badRequest(`The file ${name} was sent twice.`, [{ path: name, message: 'duplicate file' }]);
      }
      seen.add(name);
      digest.update(`\n${name}${ext}\n`);
      const hashed = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          digest.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(part.file, hashed, createWriteStream(join(dir, `${name}${ext === '.jsonl' ? '.ndjson' : ext}`)));
      if (part.file.truncated) throw new Problem(413, 'Content Too Large', `The file ${name} is larger than the upload limit.`);
    }
    if (!source || !(importSources as readonly string[]).includes(source)) {
      throw badRequest(`source must be one of ${importSources.join(', ')}.`, [{ path: 'source', message: 'required, one of the supported sources' }]);
    }
    digest.update(`\nsource\n${source}`);
    return { source: source as ImportSource, dir, digest: digest.digest('hex') };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
