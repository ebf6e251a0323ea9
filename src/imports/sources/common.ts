// What every source adapter shares: reading an endpoint file record by record, validating each
// record with zod, and reporting a bad one by position and reason.
import { basename } from 'node:path';
import { z } from 'zod';
import { text } from '../../http/schemas.js';
import { endpointFile, forEachRecord } from '../read-records.js';
import type { Importer } from '../importer.js';
import type { Position } from '../types.js';

/** The folder lacks a file the source needs: nothing is imported. */
export class ImportInputError extends Error {}

/** Source ids are numbers (Greenhouse) or strings; ours are strings. */
export const sourceId = z.union([text({ max: 200 }), z.number().int().nonnegative()]).transform(String);

const inRange = (d: Date) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 9999;
/** An ISO 8601 time between the years 1900 and 9999. */
export const isoTime = text({ max: 64, min: 0, trim: false }).transform((s, ctx) => {
  const d = new Date(s);
  if (!inRange(d)) {
    ctx.addIssue({ code: 'custom', message: 'not a time between the years 1900 and 9999' });
    return z.NEVER;
  }
  return d;
});
/** Lever's epoch milliseconds. */
export const epochMs = z.number().int().transform((n, ctx) => {
  const d = new Date(n);
  if (!inRange(d)) {
    ctx.addIssue({ code: 'custom', message: 'not a time between the years 1900 and 9999' });
    return z.NEVER;
  }
  return d;
});

/** Free text from a source: NUL characters and lone surrogates removed. */
export const cleanText = (s: string | null | undefined): string | null => {
  if (typeof s !== 'string') return null;
  const clean = s.replace(/\u0000/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '').trim();
  return clean || null;
};
export const optionalText = z.string().nullish().transform(cleanText);

/** The first problem of a record, by field path; zod's messages never quote the value. */
export function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.length ? issue.path.join('.') : 'record';
  return `${path}: ${issue.message}`;
}

/** The required endpoint files absent from the folder. */
export const missingFiles = (dir: string, names: string[]) => names.filter((name) => !endpointFile(dir, name));

/** Checks that every required file is in the folder before anything is written. */
export function requireFiles(dir: string, names: string[]) {
  const missing = missingFiles(dir, names);
  if (missing.length) throw new ImportInputError(`The folder lacks ${missing.map((m) => `${m}.json`).join(', ')} (JSON array or NDJSON, .json or .ndjson).`);
}

/**
 * Streams one endpoint file, validating each object with `schema` and handing the valid ones to
 * `each` with their position. Absent optional files are simply not read.
 */
export async function readEndpoint<S extends z.ZodType>(imp: Importer, dir: string, name: string, schema: S, each: (value: z.output<S>, at: Position) => Promise<void> | void) {
  const path = endpointFile(dir, name);
  if (!path) return;
  const file = basename(path);
  let count = 0;
  await forEachRecord(
    path,
    async ({ index, value }) => {
      const at = { file, index };
      if (++count % 1000 === 0) imp.progress({ file, records: count });
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        imp.skip(at, reasonOf(parsed.error));
        return;
      }
      await each(parsed.data, at);
    },
    (index, reason) => imp.skip({ file, index }, reason),
  );
  imp.progress({ file, records: count });
}

/** "First Last", or the name given, or null. */
export function fullName(name: string | null | undefined, first?: string | null, last?: string | null): string | null {
  return cleanText(name) ?? cleanText([first, last].filter(Boolean).join(' '));
}
