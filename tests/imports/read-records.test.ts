import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachRecord, type FileRecord } from '../../src/imports/read-records.js';

const dir = mkdtempSync(join(tmpdir(), 'read-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(name: string, content: string) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const records: FileRecord[] = [];
  const malformed: [number, string][] = [];
  await forEachRecord(path, (record) => void records.push(record), (index, reason) => malformed.push([index, reason]));
  return { records, malformed };
}

// Values long and varied enough that strings, numbers and keys straddle the file stream's 64 KB
// reads: the array parser assembles each whole, as JSON.parse would.
const items = Array.from({ length: 600 }, (_, i) => ({
  id: 10_000_000 + i,
  score: i % 2 ? -1.5e-3 * i : i,
  [`key ${'k'.repeat(i % 50)}`]: true,
  note: `<p>Line ${i} “quoted” \\ backslash \n newline ${'é𝄞'.repeat(i % 7)} ${'x'.repeat(200 + (i % 300))}</p>`,
  nested: { list: [null, false, i, `${i}`], empty: {} },
}));

describe('reading an endpoint file', () => {
  it('streams a JSON array larger than several reads into exactly the values JSON.parse gives', async () => {
    const content = JSON.stringify(items, null, 1);
    expect(content.length).toBeGreaterThan(4 * 65_536);
    const { records, malformed } = await readAll('big.json', content);
    expect(malformed).toEqual([]);
    expect(records.map((r) => r.index)).toEqual(items.map((_, i) => i));
    expect(records.map((r) => r.value)).toEqual(JSON.parse(content));
  });

  it('reads NDJSON line by line and reports a malformed line without losing the next', async () => {
    const { records, malformed } = await readAll('lines.ndjson', `${JSON.stringify(items[0])}\n{"id": \n\n${JSON.stringify(items[1])}\n`);
    expect(records.map((r) => r.value)).toEqual([items[0], items[1]]);
    expect(records.map((r) => r.index)).toEqual([0, 2]);
    expect(malformed).toEqual([[1, 'not valid JSON']]);
  });

  it('reports where a broken JSON array stops being readable, after the objects read before it', async () => {
    const valid = items.slice(0, 300);
    const { records, malformed } = await readAll('broken.json', `[${valid.map((i) => JSON.stringify(i)).join(',')}, {"id": 3,, }]`);
    // Objects in the same read as the break are not delivered: the parser refuses that read whole.
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((r) => r.value)).toEqual(valid.slice(0, records.length));
    expect(malformed).toEqual([[records.length, 'not valid JSON from this object on; the rest of the file was not read']]);
  });
});
