// What an import did so far: counts per entity, drafts ignored, records skipped.
import { entityKinds, type Counts, type EntityKind, type Position, type Skipped } from './types.js';

/** The summary keeps at most this many skipped records, so a wholly wrong file cannot bloat it. */
export const MAX_SKIPPED = 10_000;

const zero = (): Counts => Object.fromEntries(entityKinds.map((k) => [k, 0])) as Counts;

export class Tally {
  readonly created = zero();
  readonly updated = zero();
  drafts = 0;
  readonly skipped: Skipped[] = [];
  /** Skipped records beyond MAX_SKIPPED: counted, not listed. */
  skippedUnlisted = 0;

  skip(at: Position, reason: string) {
    if (this.skipped.length < MAX_SKIPPED) this.skipped.push({ file: at.file, index: at.index, reason });
    else this.skippedUnlisted++;
  }

  create(kind: EntityKind, n = 1) {
    this.created[kind] += n;
  }

  update(kind: EntityKind, n = 1) {
    this.updated[kind] += n;
  }

  /** `updated` lists only what changed. */
  changed(): Partial<Counts> {
    return Object.fromEntries(Object.entries(this.updated).filter(([, n]) => n > 0));
  }
}
