// Streams the objects of one endpoint file, JSON array or NDJSON, one at a time: memory stays flat
// however large the file. A malformed NDJSON line is reported and the next line read; a JSON array
// that breaks mid-file cannot be resynchronised, so the rest of that file is reported once.
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import parser from 'stream-json/parser.js';
import streamArray from 'stream-json/streamers/stream-array.js';

export interface FileRecord {
  index: number;
  value: unknown;
}

export type OnMalformed = (index: number, reason: string) => void;

/** The file of an endpoint in the folder (`name.json` or `name.ndjson`), or undefined. */
export function endpointFile(dir: string, name: string): string | undefined {
  for (const ext of ['.ndjson', '.jsonl', '.json']) {
    const path = join(dir, `${name}${ext}`);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Calls `each` for every object in order, awaiting it (the back-pressure of the whole import). */
export async function forEachRecord(path: string, each: (record: FileRecord) => Promise<void> | void, onMalformed: OnMalformed): Promise<void> {
  if (await looksLikeJsonArray(path)) return forEachArrayItem(path, each, onMalformed);
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let index = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      onMalformed(index++, 'not valid JSON');
      continue;
    }
    await each({ index: index++, value });
  }
}

async function forEachArrayItem(path: string, each: (record: FileRecord) => Promise<void> | void, onMalformed: OnMalformed) {
  let next = 0;
  let failure: { error: unknown } | undefined;
  try {
    await pipeline(
      createReadStream(path),
      // Whole values only: by default the parser also emits every string and number in chunks,
      // tokens the assembler ignores, which made parsing an array about 2.5 times slower.
      parser.asStream({ streamValues: false }),
      streamArray.asStream(),
      new Writable({
        objectMode: true,
        highWaterMark: 64,
        write(item: { key: number; value: unknown }, _encoding, done) {
          next = item.key + 1;
          Promise.resolve()
            .then(() => each({ index: item.key, value: item.value }))
            .then(
              () => done(),
              (error: unknown) => {
                failure = { error };
                done(error as Error);
              },
            );
        },
      }),
    );
  } catch (error) {
    // Errors of the import itself propagate; anything else is the parser refusing the file.
    if (failure) throw failure.error;
    onMalformed(next, 'not valid JSON from this object on; the rest of the file was not read');
  }
}

/** A file whose first non-blank character is `[` is a JSON array; anything else is read as NDJSON. */
async function looksLikeJsonArray(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 })) {
    const trimmed = (chunk as string).replace(/^\uFEFF/, '').trimStart();
    if (trimmed) return trimmed.startsWith('[');
  }
  return false;
}
