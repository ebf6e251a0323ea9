// Rows of one file that belong to records of another (v3 attribute rows and their scorecards) are
// parked in the database, not in memory, until their records are read.
import { and, asc, eq, gt } from 'drizzle-orm';
import { anyOf } from '../db/arrays.js';
import type { Db } from '../db/client.js';
import { importStagedRows } from '../db/schema.js';

export interface StagedRow {
  key: string;
  position: number;
  payload: unknown;
}

export class Staging {
  private buffer: (typeof importStagedRows.$inferInsert)[] = [];

  constructor(
    private readonly db: Db,
    private readonly importId: string,
  ) {}

  async add(key: string, position: number, payload: unknown) {
    this.buffer.push({ importId: this.importId, key, position, payload });
    if (this.buffer.length >= 1000) await this.flush();
  }

  async flush() {
    const rows = this.buffer;
    this.buffer = [];
    if (rows.length) await this.db.insert(importStagedRows).values(rows).onConflictDoNothing();
  }

  /** Takes the rows of these keys out of the staging area, in file order. */
  async take(keys: string[]): Promise<StagedRow[]> {
    if (keys.length === 0) return [];
    const where = and(eq(importStagedRows.importId, this.importId), anyOf(importStagedRows.key, keys, 'text'));
    const rows = await this.db.delete(importStagedRows).where(where).returning({ key: importStagedRows.key, position: importStagedRows.position, payload: importStagedRows.payload });
    return rows.sort((a, b) => a.position - b.position);
  }

  /** What no record claimed, a page at a time, then the area is emptied. */
  async *leftovers(): AsyncGenerator<StagedRow> {
    let after = -1;
    for (;;) {
      const page = await this.db
        .select({ key: importStagedRows.key, position: importStagedRows.position, payload: importStagedRows.payload })
        .from(importStagedRows)
        .where(and(eq(importStagedRows.importId, this.importId), gt(importStagedRows.position, after)))
        .orderBy(asc(importStagedRows.position))
        .limit(1000);
      if (page.length === 0) break;
      yield* page;
      after = page[page.length - 1]!.position;
    }
    await this.clear();
  }

  async clear() {
    await this.db.delete(importStagedRows).where(eq(importStagedRows.importId, this.importId));
  }
}
